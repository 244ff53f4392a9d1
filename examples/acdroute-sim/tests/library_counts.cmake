# SPDX-License-Identifier: MIT
# Shared by the check_*.cmake scripts: the library's own metrics (the
# "library" object of the --json document `doc`) count the answered and
# abandoned contacts the simulator counted itself (the object `own`).
function(check_library_counts own doc)
  foreach(k IN ITEMS answered abandoned)
    string(JSON o GET "${own}" ${k})
    string(JSON l GET "${doc}" library ${k})
    if(NOT o EQUAL l)
      message(FATAL_ERROR "library metrics disagree on ${k}: ${l} vs ${o}")
    endif()
  endforeach()
endfunction()
