# SPDX-License-Identifier: MIT
# The built-in day and its scenario file (examples/scenarios/
# northwind-day.json, written by --write-scenario) simulate identically,
# and so does the file written back from the loaded file.  If this fails
# after a change to the built-in scenario, regenerate the file:
#   acdroute-sim --write-scenario examples/scenarios/northwind-day.json
#
#   cmake -DSIM=<acdroute-sim> -DSCENARIO=<file.json> -DWORK=<dir> \
#         -P check_roundtrip.cmake
file(MAKE_DIRECTORY "${WORK}")
execute_process(COMMAND "${SIM}" --json --quiet
  OUTPUT_FILE "${WORK}/builtin.json" RESULT_VARIABLE rc1)
execute_process(COMMAND "${SIM}" --config "${SCENARIO}" --json --quiet
  OUTPUT_FILE "${WORK}/file.json" ERROR_VARIABLE err RESULT_VARIABLE rc2)
execute_process(COMMAND "${SIM}" --config "${SCENARIO}"
                        --write-scenario "${WORK}/rewritten.json"
  ERROR_VARIABLE err3 RESULT_VARIABLE rc3)
execute_process(COMMAND "${SIM}" --config "${WORK}/rewritten.json" --json --quiet
  OUTPUT_FILE "${WORK}/rewritten-run.json" ERROR_VARIABLE err4
  RESULT_VARIABLE rc4)
if(NOT rc1 EQUAL 0 OR NOT rc2 EQUAL 0 OR NOT rc3 EQUAL 0 OR NOT rc4 EQUAL 0)
  message(FATAL_ERROR "a run failed (${rc1} ${rc2} ${rc3} ${rc4}):\n${err}${err3}${err4}")
endif()
foreach(f IN ITEMS file rewritten-run)
  file(SHA256 "${WORK}/builtin.json" h1)
  file(SHA256 "${WORK}/${f}.json" h2)
  if(NOT h1 STREQUAL h2)
    message(FATAL_ERROR "${f}.json differs from the built-in day; regenerate "
                        "${SCENARIO} with --write-scenario")
  endif()
endforeach()
