# SPDX-License-Identifier: MIT
# Runs acdroute-sim on a scenario file twice (JSON, invariant checker on)
# and checks: same output both times; every contact accounted for
# (arrivals = offered + closed + unfinished, offered = the sum of the
# outcomes, for the total and for each queue); the library's metrics count
# the same answered and abandoned contacts, and every arrival as offered
# or after hours.
#
#   cmake -DSIM=<acdroute-sim> -DSCENARIO=<file.json> -DWORK=<dir> \
#         -P check_scenario.cmake
include("${CMAKE_CURRENT_LIST_DIR}/library_counts.cmake")
file(MAKE_DIRECTORY "${WORK}")
foreach(run IN ITEMS 1 2)
  execute_process(
    COMMAND "${SIM}" --config "${SCENARIO}" --json --quiet --check
    OUTPUT_FILE "${WORK}/run${run}.json"
    ERROR_VARIABLE err
    RESULT_VARIABLE rc)
  if(NOT rc EQUAL 0)
    message(FATAL_ERROR "acdroute-sim --config ${SCENARIO} failed (${rc}):\n${err}")
  endif()
endforeach()
file(SHA256 "${WORK}/run1.json" h1)
file(SHA256 "${WORK}/run2.json" h2)
if(NOT h1 STREQUAL h2)
  message(FATAL_ERROR "same seed, different output")
endif()
file(READ "${WORK}/run1.json" js)

# offered = answered + abandoned + other outcomes
function(check_outcomes what obj)
  string(JSON offered GET "${obj}" offered)
  string(JSON outcomes GET "${obj}" outcomes)
  string(JSON n LENGTH "${outcomes}")
  set(sum 0)
  math(EXPR last "${n} - 1")
  foreach(i RANGE ${last})
    string(JSON k MEMBER "${outcomes}" ${i})
    string(JSON v GET "${outcomes}" ${k})
    math(EXPR sum "${sum} + ${v}")
  endforeach()
  if(NOT sum EQUAL offered)
    message(FATAL_ERROR "${what}: offered ${offered} but the outcomes add up "
                        "to ${sum}: ${outcomes}")
  endif()
endfunction()

string(JSON totals GET "${js}" totals)
check_outcomes("all queues" "${totals}")
string(JSON nq LENGTH "${js}" queues)
math(EXPR lastq "${nq} - 1")
foreach(i RANGE ${lastq})
  string(JSON q GET "${js}" queues ${i})
  string(JSON id GET "${q}" id)
  check_outcomes("queue ${id}" "${q}")
endforeach()

string(JSON arrivals GET "${js}" arrivals)
string(JSON unfinished GET "${js}" unfinished)
string(JSON offered GET "${totals}" offered)
string(JSON closed GET "${totals}" closed)
if(NOT offered EQUAL arrivals)
  message(FATAL_ERROR "${arrivals} arrivals, but offered ${offered}")
endif()
if(arrivals LESS 50)
  message(FATAL_ERROR "implausible scenario run: ${arrivals} arrivals")
endif()
check_library_counts("${totals}" "${js}")
# The library counts every arrival: offered, or after_hours when its
# queue was closed (the simulator's "closed").
string(JSON lib_offered GET "${js}" library offered)
string(JSON lib_night GET "${js}" library after_hours)
math(EXPR lib_sum "${lib_offered} + ${lib_night}")
if(NOT lib_sum EQUAL arrivals)
  message(FATAL_ERROR "library offered ${lib_offered} + after_hours "
                      "${lib_night}, arrivals ${arrivals}")
endif()
if(NOT lib_night EQUAL closed)
  message(FATAL_ERROR "library after_hours ${lib_night}, closed ${closed}")
endif()
string(JSON arrived GET "${js}" engine arrived)
string(JSON ended GET "${js}" engine ended)
math(EXPR live "${arrived} - ${ended}")
if(NOT live EQUAL unfinished)
  message(FATAL_ERROR "engine: ${arrived} arrived, ${ended} ended; simulator: "
                      "${unfinished} unfinished")
endif()
message(STATUS "${SCENARIO}: ${arrivals} arrivals = ${offered} offered "
               "(${closed} closed, ${unfinished} unfinished)")
