// Well-known ids, priorities and protocol labels of the user-level system.
#pragma once

#include <stdint.h>

namespace km {

// Thread ids the root task gives the servers it starts.
constexpr uint32_t kLogServerId = 8;
constexpr uint32_t kIoServerId = 9;
constexpr uint32_t kFirstAppId = 10;
constexpr uint32_t kAppPrivateIds = 32;  // ids >= this are free for applications' own threads

constexpr uint32_t kServerPrio = 150;
constexpr uint32_t kAppPrio = 100;

// isa-debug-exit (port 0xF4): this value means "all passed"; QEMU and mkemu then exit
// with status (0x21 << 1) | 1 = 67. Anything else (or no write) is a failure.
constexpr uint8_t kExitAllPassed = 0x21;
constexpr uint8_t kExitSomeFailed = 0x02;
constexpr uint16_t kExitPort = 0xF4;

// Root task protocol.
constexpr uint32_t kRootInit = 0x6001;   // reply: the task's I/O flexpage(s); w0/w1 see below
constexpr uint32_t kRootAdopt = 0x6002;  // w0 = id of a new thread in the caller's task, which
                                         // the root task is to page from the same image

// Log server protocol: label kLogWrite, w0 = byte count, text in the words after w0.
constexpr uint32_t kLogWrite = 0x7001;
constexpr uint32_t kLogStats = 0x7002;  // reply: w0 = IRQs handled, w1 = bytes written

// I/O server protocol (virtual PCI configuration space).
constexpr uint32_t kPciRead = 0x7101;    // w0 = virtual config address (bus<<16|dev<<11|fn<<8|reg)
constexpr uint32_t kPciWrite = 0x7102;   // w0 = address, w1 = value
constexpr uint32_t kPciAssign = 0x7103;  // manager only: w0 = driver thread, w1 = real device index
                                         // reply w0 = vendor/device id of that device
constexpr uint32_t kPciCount = 0x7104;   // manager only: reply w0 = number of real devices

inline uint32_t pci_address(uint32_t bus, uint32_t dev, uint32_t fn, uint32_t reg) {
  return (bus << 16) | (dev << 11) | (fn << 8) | (reg & 0xFC);
}

}  // namespace km
