# SPDX-License-Identifier: MIT
# Strict command lines: every bad option value of acdroute-drive and
# acdroute-sim is refused with exit status 2 and a message that names the
# option and the accepted range; nothing runs.
#
#   cmake -DDRIVE=<acdroute-drive> -DSIM=<acdroute-sim> -P run_cli.cmake
function(refused prog msg)
  execute_process(COMMAND "${prog}" ${ARGN}
    INPUT_FILE /dev/null
    OUTPUT_VARIABLE out ERROR_VARIABLE err RESULT_VARIABLE rc
    TIMEOUT 20)
  if(NOT rc EQUAL 2)
    message(FATAL_ERROR "${ARGN}: exit \"${rc}\", expected 2\n${err}")
  endif()
  string(FIND "${err}" "${msg}" at)
  if(at LESS 0)
    message(FATAL_ERROR "${ARGN}: missing \"${msg}\" in:\n${err}")
  endif()
  if(NOT out STREQUAL "")
    message(FATAL_ERROR "${ARGN}: refused but wrote to stdout:\n${out}")
  endif()
endfunction()

set(ms_range "0..9223372036854")
refused("${DRIVE}" "--drain: \"-5\" is not an integer in ${ms_range}"
        --live --drain -5)
refused("${DRIVE}" "--drain: \"-5\" is not an integer in ${ms_range}"
        --drain -5)
refused("${DRIVE}" "--drain: \"10ms\" is not an integer in ${ms_range}"
        --drain 10ms)
refused("${DRIVE}" "--drain: \"9223372036855\" is not an integer in ${ms_range}"
        --drain 9223372036855)
refused("${DRIVE}" "--drain: \"99999999999999999999\" is not an integer"
        --drain 99999999999999999999)
refused("${DRIVE}" "--drain needs a value" --drain)
refused("${DRIVE}" "--seed: \"banana\" is not an integer in 0..18446744073709551615"
        --seed banana)
refused("${DRIVE}" "--seed: \"-1\" is not an integer" --seed -1)
refused("${DRIVE}" "--seed: \"18446744073709551616\" is not an integer"
        --seed 18446744073709551616)
refused("${DRIVE}" "--seed: \"7 \" is not an integer" --seed "7 ")
refused("${DRIVE}" "--max-gap: \"0\" is not an integer in 1..9223372036854"
        --max-gap 0)
refused("${DRIVE}" "unknown option \"--drian\" (did you mean --drain?)" --drian 5)

refused("${SIM}" "--seed: \"banana\" is not an integer in 0..9007199254740992"
        --seed banana)
refused("${SIM}" "--seed: \"1.5\" is not an integer" --seed 1.5)
refused("${SIM}" "--seed: \"-1\" is not an integer" --seed -1)
refused("${SIM}" "--agents: \"1e12\" is not an integer in 1..1000000"
        --agents 1e12)
refused("${SIM}" "--contacts: \"0\" is not an integer in 1..1000000000000"
        --contacts 0)
refused("${SIM}" "--patience: \"nan\" is not a number in 0..86400"
        --patience nan)
refused("${SIM}" "--aht: \"inf\" is not a number in 1e-06..86400" --aht inf)
refused("${SIM}" "--threshold: \"-1\" is not a number in 0..86400"
        --threshold -1)
refused("${SIM}" "--warmup: \"5s\" is not a number" --warmup 5s)
refused("${SIM}" "--arrival-rate: \"1e300\" is not a number" --arrival-rate 1e300)
refused("${SIM}" "--seed needs a value" --seed)

# the same options with good values are accepted
execute_process(COMMAND "${DRIVE}" --seed 18446744073709551615 --drain 0
                                   --max-gap 1
  INPUT_FILE /dev/null RESULT_VARIABLE rc ERROR_VARIABLE err TIMEOUT 20)
if(NOT rc EQUAL 0)
  message(FATAL_ERROR "good drive options refused (${rc}):\n${err}")
endif()
execute_process(COMMAND "${DRIVE}" --live --drain 1
  INPUT_FILE /dev/null RESULT_VARIABLE rc ERROR_VARIABLE err TIMEOUT 20)
if(NOT rc EQUAL 0)
  message(FATAL_ERROR "--live --drain 1 failed (${rc}):\n${err}")
endif()

# --version: the library's version on stdout, exit 0
execute_process(COMMAND "${DRIVE}" --version INPUT_FILE /dev/null
  OUTPUT_VARIABLE vout RESULT_VARIABLE vrc TIMEOUT 20)
if(NOT vrc EQUAL 0 OR NOT vout MATCHES "^acdroute-drive [0-9]+\\.[0-9]+\\.[0-9]+")
  message(FATAL_ERROR "--version: exit ${vrc}, output \"${vout}\"")
endif()
