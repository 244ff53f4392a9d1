# SPDX-License-Identifier: MIT
# Runs acdroute-sim --outcome-compare on the outcome scenario (3
# replications) and checks, for outcome minus longest-idle and outcome
# minus skills: the FCR difference's 95% CI lies above zero and the
# service-level difference's CI within -2..+2 points.
#
#   cmake -DSIM=<acdroute-sim> -DSCENARIO=<outcome.json> -P check_outcome.cmake
execute_process(
  COMMAND "${SIM}" --outcome-compare "${SCENARIO}" --replications 3
  OUTPUT_VARIABLE out ERROR_VARIABLE err RESULT_VARIABLE rc)
if(NOT rc EQUAL 0)
  message(FATAL_ERROR "acdroute-sim --outcome-compare failed (${rc}):\n${err}")
endif()
foreach(other IN ITEMS longest-idle skills)
  string(REGEX MATCH "\\| ${other} \\| [-+0-9.]+ points \\[([-+0-9.]+), ([-+0-9.]+)\\] \\| [-+0-9.]+ points \\[([-+0-9.]+), ([-+0-9.]+)\\] \\|"
         row "${out}")
  if(NOT row)
    message(FATAL_ERROR "no difference row for ${other}:\n${out}")
  endif()
  set(flo "${CMAKE_MATCH_1}")
  set(slo "${CMAKE_MATCH_3}")
  set(shi "${CMAKE_MATCH_4}")
  string(REPLACE "+" "" flo "${flo}")
  string(REPLACE "+" "" slo "${slo}")
  string(REPLACE "+" "" shi "${shi}")
  # compare as numbers: CMake has no floats, so through math() on x100
  foreach(v IN ITEMS flo slo shi)
    string(REGEX REPLACE "^(-?)([0-9]+)\\.([0-9][0-9])$" "\\1\\2\\3" ${v}_i "${${v}}")
    math(EXPR ${v}_i "${${v}_i}")
  endforeach()
  if(NOT flo_i GREATER 0)
    message(FATAL_ERROR "FCR vs ${other}: CI lower bound ${flo} not above 0:\n${out}")
  endif()
  if(slo_i LESS -200 OR shi_i GREATER 200)
    message(FATAL_ERROR "SL vs ${other}: CI [${slo}, ${shi}] not within 2 points:\n${out}")
  endif()
endforeach()
message(STATUS "outcome-compare:\n${out}")
