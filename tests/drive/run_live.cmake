# SPDX-License-Identifier: MIT
# Live mode of acdroute-drive: events without times go through a pipe, the
# driver stamps them with the monotonic clock and a timerfd runs the
# engine's deadlines.  A call rings at an agent that never answers; the
# queue's ring timeout (1 s in live.json) must fire on its own, in real
# time, after stdin is closed (--drain keeps the driver alive 1.5 s).
#
#   cmake -DDRIVE=... -DCONFIG=... -P run_live.cmake
get_filename_component(_dir "${CMAKE_CURRENT_LIST_FILE}" DIRECTORY)
execute_process(
  COMMAND "${DRIVE}" --config "${_dir}/live.json" --live --drain 1500 --check
  INPUT_FILE "${_dir}/live.input"
  OUTPUT_VARIABLE out
  ERROR_VARIABLE err
  RESULT_VARIABLE rc)
if(NOT rc EQUAL 0)
  message(FATAL_ERROR "acdroute-drive --live failed (${rc}):\n${err}\n${out}")
endif()
foreach(want IN ITEMS "\"action\": \"offer\"" "\"reason\": \"no_answer\"")
  string(FIND "${out}" "${want}" pos)
  if(pos LESS 0)
    message(FATAL_ERROR "live session lacks ${want}:\n${out}")
  endif()
endforeach()
# The ring timeout fired about 1 s after the offer, in real time.
string(REGEX MATCH "\"t_(ms|ns)\": ([0-9]+), \"action\": \"offer_cancel\"" m
       "${out}")
set(unit "${CMAKE_MATCH_1}")
set(t "${CMAKE_MATCH_2}")
if(unit STREQUAL "ns")
  math(EXPR t "${t} / 1000000")
endif()
if(t LESS 1000 OR t GREATER 5000)
  message(FATAL_ERROR "ring timeout at ${t} ms, expected about 1000:\n${out}")
endif()
message(STATUS "live: ring timeout after ${t} ms")
