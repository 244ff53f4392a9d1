# SPDX-License-Identifier: MIT
# A scenario file with mistakes is refused (exit 2) and every mistake is
# reported as "FILE: /json/pointer: message".
#
#   cmake -DSIM=<acdroute-sim> -DDIR=<tests dir> -P check_errors.cmake
function(expect file)
  execute_process(COMMAND "${SIM}" --config "${DIR}/${file}" --quiet
    OUTPUT_VARIABLE out ERROR_VARIABLE err RESULT_VARIABLE rc)
  if(NOT rc EQUAL 2)
    message(FATAL_ERROR "${file}: exit ${rc}, expected 2\n${err}")
  endif()
  foreach(msg IN LISTS ARGN)
    string(FIND "${err}" "${file}: ${msg}" at)
    if(at LESS 0)
      message(FATAL_ERROR "${file}: missing \"${msg}\" in:\n${err}")
    endif()
  endforeach()
endfunction()
expect(bad-scenario.json
  "/engine/queues/0/strategy: unknown strategy \"longest-idel\" (did you mean \"longest-idle\"?)")
expect(bad-traffic.json
  "/traffic/dayz: unknown key \"dayz\" (did you mean \"days\"?)"
  "/traffic/queues/q/handle: needs \"mean_s\" > 0"
  "/traffic/queues/q/dispositions/sold: unknown disposition code \"sold\""
  "/traffic/queues/nosuch: unknown queue \"nosuch\""
  "/traffic/agents/shifts/0/login: must be a time of day"
  "/traffic/agents/shifts/0/agents/0: unknown agent \"a2\"")
