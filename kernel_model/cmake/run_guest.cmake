# Boots a kernel_model configuration under QEMU or mkemu and checks the outcome.
# -DEMU=qemu|mkemu -DEMULATOR=path -DKERNEL=path -DMODULES="file args|file args"
# -DWORKDIR=directory the emulator runs in (KERNEL and module files are relative to it)
# -DOUT=serial output file -DEXPECT=pass|fail -DMIN_PASSED=n -DREQUIRE=text
# -DTIMEOUT=seconds of host time before the emulator is stopped (a hang is a failure)
#
# pass: the guest wrote 0x21 to the isa-debug-exit port 0xF4 (exit status
#       (0x21<<1)|1 = 67), no "[FAIL]" line, and a final "N passed, 0 failed" with
#       N >= MIN_PASSED (when MIN_PASSED > 0); REQUIRE, if given, appears in the output.
# fail: the suite ran to its summary line and reported failures, exiting with a
#       status other than 67 (proves a broken kernel is caught).
set(KM_STATUS_ALL_PASSED 67)
string(REPLACE "|" ";" mod_list "${MODULES}")
file(REMOVE "${OUT}")

if(EMU STREQUAL "qemu")
  string(REPLACE ";" "," initrd "${mod_list}")
  set(cmd ${EMULATOR} -kernel ${KERNEL} -initrd "${initrd}" -nodefaults -display none
      -serial file:${OUT} -device isa-debug-exit,iobase=0xf4,iosize=4 -m 64 -no-reboot)
else()
  set(cmd ${EMULATOR} run --kernel ${KERNEL} --mem 64)  # the same RAM as QEMU's -m 64
  foreach(m IN LISTS mod_list)
    list(APPEND cmd --module "${m}")
  endforeach()
  # A deterministic bound as well: 200 s of virtual time (the suite needs about 3 s), so
  # a guest that never exits stops with status 6 instead of waiting for the host timeout.
  list(APPEND cmd --serial file:${OUT} --max-cycles 20000000000)
endif()

execute_process(COMMAND ${cmd} WORKING_DIRECTORY ${WORKDIR} RESULT_VARIABLE status TIMEOUT ${TIMEOUT}
                OUTPUT_VARIABLE emu_out ERROR_VARIABLE emu_err)
set(text "")
if(EXISTS "${OUT}")
  file(READ "${OUT}" text)
endif()
message("---- guest serial output (${EMU}) ----\n${text}---- exit status: ${status} ----")
if(emu_err)
  message("emulator stderr: ${emu_err}")
endif()

string(REGEX MATCH "([0-9]+) passed, ([0-9]+) failed" summary "${text}")
set(passed "${CMAKE_MATCH_1}")
set(failed "${CMAKE_MATCH_2}")

if(EXPECT STREQUAL "fail")
  if(NOT summary)
    message(FATAL_ERROR "broken kernel: the suite did not reach its summary line")
  endif()
  if(failed EQUAL 0 OR status EQUAL KM_STATUS_ALL_PASSED)
    message(FATAL_ERROR "broken kernel: the suite did not notice (status ${status})")
  endif()
  message("ok: the suite failed as it must on a broken kernel (${failed} failed)")
  return()
endif()

if(NOT status EQUAL KM_STATUS_ALL_PASSED)
  message(FATAL_ERROR "exit status ${status}, expected ${KM_STATUS_ALL_PASSED} (0x21 written to port 0xF4)")
endif()
if(text MATCHES "\\[FAIL\\]" OR text MATCHES "KERNEL PANIC")
  message(FATAL_ERROR "failure lines in the output")
endif()
if(MIN_PASSED GREATER 0)
  if(NOT summary OR NOT failed EQUAL 0 OR passed LESS MIN_PASSED)
    message(FATAL_ERROR "summary '${summary}': expected 0 failed and at least ${MIN_PASSED} passed")
  endif()
  string(REGEX MATCHALL "\\[ok\\] " ok_lines "${text}")
  list(LENGTH ok_lines ok_count)
  if(NOT ok_count EQUAL passed)
    message(FATAL_ERROR "${ok_count} [ok] lines but the summary says ${passed} passed")
  endif()
endif()
if(REQUIRE)
  string(FIND "${text}" "${REQUIRE}" where)
  if(where EQUAL -1)
    message(FATAL_ERROR "expected text not in output: ${REQUIRE}")
  endif()
endif()
