# SPDX-License-Identifier: MIT
# Golden test of acdroute-drive: feed EVENTS (with CONFIG), compare the
# action stream with EXPECTED.  With ACDROUTE_UPDATE_GOLDEN=1 in the
# environment the expected file is (re)written instead.
#
#   cmake -DDRIVE=... -DCONFIG=... -DEVENTS=... -DEXPECTED=... -DOUT=...
#         -P run_golden.cmake
execute_process(
  COMMAND "${DRIVE}" --config "${CONFIG}" --check
  INPUT_FILE "${EVENTS}"
  OUTPUT_FILE "${OUT}"
  ERROR_VARIABLE err
  RESULT_VARIABLE rc)
# 0: every event applied; 1: some event was refused (error lines in the
# output, which the expected file pins down too).  Anything else: crash.
if(NOT rc EQUAL 0 AND NOT rc EQUAL 1)
  message(FATAL_ERROR "acdroute-drive failed (${rc}):\n${err}")
endif()
if(err)
  message(FATAL_ERROR "acdroute-drive wrote to stderr:\n${err}")
endif()
if("$ENV{ACDROUTE_UPDATE_GOLDEN}" STREQUAL "1")
  configure_file("${OUT}" "${EXPECTED}" COPYONLY)
  message(STATUS "updated ${EXPECTED}")
  return()
endif()
if(NOT EXISTS "${EXPECTED}")
  message(FATAL_ERROR "missing ${EXPECTED} (run with ACDROUTE_UPDATE_GOLDEN=1 "
                      "and review it)")
endif()
file(READ "${OUT}" got)
file(READ "${EXPECTED}" want)
if(NOT got STREQUAL want)
  execute_process(COMMAND diff -u "${EXPECTED}" "${OUT}"
                  OUTPUT_VARIABLE d)
  message(FATAL_ERROR "action stream differs from ${EXPECTED}:\n${d}")
endif()
