// Minimal definitions of GNU Mach's old typed IPC, written for this task from
// the layouts in mach/message.h, device/device.defs and mach/mach_host.defs
// (what MIG generates for i386): a 24-byte header, then for each argument a
// 32-bit type descriptor (long form: 12 bytes) followed by the data, padded to
// 4 bytes.
#ifndef MKEMU_TESTS_GNUMACH_HELLO_MACH_IPC_H
#define MKEMU_TESTS_GNUMACH_HELLO_MACH_IPC_H

#include <stdint.h>

typedef uint32_t mach_port_t;
typedef int32_t kern_return_t;

typedef struct {
  uint32_t bits;
  uint32_t size;
  mach_port_t remote_port;
  mach_port_t local_port;
  uint32_t seqno;
  int32_t id;
} mach_header;

// Type names (msgt_name).
enum {
  MACH_TYPE_INTEGER_32 = 2,
  MACH_TYPE_CHAR = 8,
  MACH_TYPE_STRING_C = 12,
  MACH_TYPE_PORT_SEND = 17,
  MACH_TYPE_COPY_SEND = 19,
  MACH_TYPE_MAKE_SEND_ONCE = 21,
};

// msgt_name:8 msgt_size:8 msgt_number:12 inline:1 longform:1 deallocate:1 unused:1
#define MACH_TYPE_SHORT(name, bits, number) \
  ((uint32_t)(name) | ((uint32_t)(bits) << 8) | ((uint32_t)(number) << 16) | (1u << 28))
// A long-form descriptor: the short word says only "inline, long form".
#define MACH_TYPE_LONG_WORD ((1u << 28) | (1u << 29))

#define MACH_MSGH_BITS(remote, local) ((uint32_t)(remote) | ((uint32_t)(local) << 8))

enum { MACH_SEND_MSG = 1, MACH_RCV_MSG = 2, MACH_RCV_TIMEOUT = 0x100 };
enum { MACH_PORT_NULL = 0 };

// Message ids: subsystem base + routine index.
enum {
  DEVICE_OPEN_ID = 2800,          // device subsystem 2800, routine 0
  DEVICE_WRITE_INBAND_ID = 2803,  // routine 3
  HOST_REBOOT_ID = 2635,          // mach_host subsystem 2600, routine 35
};

enum { D_READ = 1, D_WRITE = 2 };
enum { DEV_NAME_MAX = 128, IO_INBAND_MAX = 128 };

typedef struct {
  mach_header head;
  uint32_t mode_type;
  uint32_t mode;
  uint32_t name_type;       // MACH_TYPE_LONG_WORD
  uint16_t name_type_name;  // msgtl_name
  uint16_t name_type_size;  // msgtl_size in bits
  uint32_t name_type_number;
  char name[DEV_NAME_MAX];
} device_open_request;

typedef struct {
  mach_header head;
  uint32_t mode_type;
  uint32_t mode;
  uint32_t recnum_type;
  uint32_t recnum;
  uint32_t data_type;
  char data[IO_INBAND_MAX];
} device_write_inband_request;

typedef struct {
  mach_header head;
  uint32_t options_type;
  int32_t options;
} host_reboot_request;

// Replies: a return code, then (on success) the routine's out argument.
typedef struct {
  mach_header head;
  uint32_t ret_code_type;
  kern_return_t ret_code;
  uint32_t out_type;
  uint32_t out;
  uint8_t slack[64];
} mach_reply;

kern_return_t mach_msg_trap(void* msg, int32_t option, uint32_t send_size, uint32_t rcv_size,
                            mach_port_t rcv_name, uint32_t timeout, mach_port_t notify);
mach_port_t mach_reply_port(void);
mach_port_t mach_task_self(void);

#endif
