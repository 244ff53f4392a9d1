# SPDX-License-Identifier: MIT
# Runs the default day scenario twice with the same seed (JSON, CSV, SVG,
# invariant checker on) and checks that it succeeds, that the outputs are
# identical, and that the files look like what they claim to be.
#
#   cmake -DSIM=<acdroute-sim> -DWORK=<dir> -P check_day.cmake
include("${CMAKE_CURRENT_LIST_DIR}/library_counts.cmake")
file(MAKE_DIRECTORY "${WORK}")
foreach(run IN ITEMS 1 2)
  execute_process(
    COMMAND "${SIM}" --json --quiet --check
            --svg "${WORK}/day${run}.svg" --csv "${WORK}/day${run}.csv"
    OUTPUT_FILE "${WORK}/day${run}.json"
    ERROR_VARIABLE err
    RESULT_VARIABLE rc)
  if(NOT rc EQUAL 0)
    message(FATAL_ERROR "acdroute-sim run ${run} failed (${rc}):\n${err}")
  endif()
endforeach()
foreach(ext IN ITEMS json csv svg)
  file(SHA256 "${WORK}/day1.${ext}" h1)
  file(SHA256 "${WORK}/day2.${ext}" h2)
  if(NOT h1 STREQUAL h2)
    message(FATAL_ERROR "same seed, different ${ext} output")
  endif()
endforeach()

file(READ "${WORK}/day1.json" js)
string(JSON offered GET "${js}" offered)
string(JSON nq LENGTH "${js}" queues)
string(JSON na LENGTH "${js}" agents)
if(offered LESS 1000 OR nq LESS 3 OR na LESS 20)
  message(FATAL_ERROR "implausible day: ${offered} offered, ${nq} queues, "
                      "${na} agents")
endif()
string(JSON arrived GET "${js}" engine arrived)
string(JSON ended GET "${js}" engine ended)
if(NOT arrived EQUAL ended)
  message(FATAL_ERROR "contacts left in the engine: ${arrived} arrived, "
                      "${ended} ended")
endif()
# The library's metrics against the simulator's own tally.
string(JSON totals GET "${js}" totals)
check_library_counts("${totals}" "${js}")
file(READ "${WORK}/day1.svg" svg LIMIT 200)
if(NOT svg MATCHES "^<svg xmlns=\"http://www.w3.org/2000/svg\"")
  message(FATAL_ERROR "not an SVG document")
endif()
file(STRINGS "${WORK}/day1.csv" rows)
list(LENGTH rows nrows)
list(GET rows 0 header)
list(GET rows 1 row1)
# local HH:MM times, one row per interval with contacts or staff (none
# past the end of the day)
if(nrows LESS 20 OR NOT header MATCHES "^start,end,offered,"
   OR NOT row1 MATCHES "^[0-2][0-9]:[0-5][0-9],[0-2][0-9]:[0-5][0-9],")
  message(FATAL_ERROR "bad CSV (${nrows} rows): ${header}\n${row1}")
endif()

# The text report, as `scripts/run-sim` shows it.
execute_process(COMMAND "${SIM}" --quiet OUTPUT_VARIABLE rep RESULT_VARIABLE rc)
if(NOT rc EQUAL 0 OR NOT rep MATCHES "QUEUES" OR NOT rep MATCHES "AGENTS"
   OR NOT rep MATCHES "DISPOSITIONS")
  message(FATAL_ERROR "text report incomplete:\n${rep}")
endif()
message(STATUS "day: ${offered} contacts, ${nq} queues, ${na} agents")
