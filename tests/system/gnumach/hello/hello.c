// The hello bootstrap task: started by GNU Mach's boot script with
// argv = {name, device master port, privileged host port}, it opens the
// "console" device, writes one line through it and asks Mach to reboot
// (flags 0: Mach resets the machine through the 8042 keyboard controller).
#include "mach_ipc.h"

#define HELLO_LINE "mkemu-hello: a line from the bootstrap task through GNU Mach's console\r\n"

// Four times the time the line takes at 9600 baud.
#define DRAIN_WAIT_MS 300

static uint32_t parse_port(const char* text) {
  uint32_t value = 0;
  while (*text >= '0' && *text <= '9') value = value * 10 + (uint32_t)(*text++ - '0');
  return value;
}

static uint32_t length_of(const char* text) {
  uint32_t n = 0;
  while (text[n]) ++n;
  return n;
}

static void copy_bytes(char* to, const char* from, uint32_t n) {
  for (uint32_t i = 0; i < n; ++i) to[i] = from[i];
}

static void zero_bytes(void* to, uint32_t n) {
  for (uint32_t i = 0; i < n; ++i) ((char*)to)[i] = 0;
}

// Sends a request and waits for its reply on the same buffer's reply port.
static kern_return_t rpc(void* msg, uint32_t send_size, mach_reply* reply, mach_port_t reply_port) {
  kern_return_t kr =
      mach_msg_trap(msg, MACH_SEND_MSG, send_size, 0, MACH_PORT_NULL, 0, MACH_PORT_NULL);
  if (kr != 0) return kr;
  kr = mach_msg_trap(reply, MACH_RCV_MSG, 0, sizeof *reply, reply_port, 0, MACH_PORT_NULL);
  if (kr != 0) return kr;
  return reply->ret_code;
}

static void fill_header(mach_header* head, mach_port_t remote, mach_port_t reply_port,
                        uint32_t size, int32_t id) {
  head->bits = MACH_MSGH_BITS(MACH_TYPE_COPY_SEND, MACH_TYPE_MAKE_SEND_ONCE);
  head->size = size;
  head->remote_port = remote;
  head->local_port = reply_port;
  head->seqno = 0;
  head->id = id;
}

static kern_return_t device_open(mach_port_t master, mach_port_t reply_port, const char* name,
                                 mach_port_t* device) {
  device_open_request req;
  mach_reply reply;
  zero_bytes(&req, sizeof req);
  fill_header(&req.head, master, reply_port, sizeof req, DEVICE_OPEN_ID);
  req.mode_type = MACH_TYPE_SHORT(MACH_TYPE_INTEGER_32, 32, 1);
  req.mode = D_READ | D_WRITE;
  req.name_type = MACH_TYPE_LONG_WORD;
  req.name_type_name = MACH_TYPE_STRING_C;
  req.name_type_size = 8 * DEV_NAME_MAX;
  req.name_type_number = 1;
  copy_bytes(req.name, name, length_of(name));
  kern_return_t kr = rpc(&req, sizeof req, &reply, reply_port);
  if (kr == 0) *device = reply.out;
  return kr;
}

static kern_return_t device_write_inband(mach_port_t device, mach_port_t reply_port,
                                         const char* data, uint32_t size) {
  device_write_inband_request req;
  mach_reply reply;
  zero_bytes(&req, sizeof req);
  uint32_t padded = (size + 3) & ~3u;
  uint32_t send_size = (uint32_t)sizeof req - IO_INBAND_MAX + padded;
  fill_header(&req.head, device, reply_port, send_size, DEVICE_WRITE_INBAND_ID);
  req.mode_type = MACH_TYPE_SHORT(MACH_TYPE_INTEGER_32, 32, 1);
  req.mode = 0;
  req.recnum_type = MACH_TYPE_SHORT(MACH_TYPE_INTEGER_32, 32, 1);
  req.recnum = 0;
  req.data_type = MACH_TYPE_SHORT(MACH_TYPE_CHAR, 8, size);
  copy_bytes(req.data, data, size);
  return rpc(&req, send_size, &reply, reply_port);
}

static kern_return_t host_reboot(mach_port_t host, mach_port_t reply_port, int32_t options) {
  host_reboot_request req;
  mach_reply reply;
  fill_header(&req.head, host, reply_port, sizeof req, HOST_REBOOT_ID);
  req.options_type = MACH_TYPE_SHORT(MACH_TYPE_INTEGER_32, 32, 1);
  req.options = options;
  return rpc(&req, sizeof req, &reply, reply_port);
}

static void write_number(mach_port_t console, mach_port_t reply_port, const char* what,
                         int32_t value) {
  char line[64];
  uint32_t n = length_of(what);
  copy_bytes(line, what, n);
  uint32_t magnitude = value < 0 ? (uint32_t)(-value) : (uint32_t)value;
  char digits[12];
  uint32_t d = 0;
  do {
    digits[d++] = (char)('0' + magnitude % 10);
    magnitude /= 10;
  } while (magnitude);
  if (value < 0) line[n++] = '-';
  while (d) line[n++] = digits[--d];
  line[n++] = '\r';
  line[n++] = '\n';
  device_write_inband(console, reply_port, line, n);
}

void hello_main(int argc, char** argv) {
  mach_port_t reply_port = mach_reply_port();
  mach_port_t master = argc > 1 ? parse_port(argv[1]) : 0;
  mach_port_t host = argc > 2 ? parse_port(argv[2]) : 0;
  mach_port_t console = 0;
  if (device_open(master, reply_port, "console", &console) == 0) {
    if (argc != 3) write_number(console, reply_port, "mkemu-hello: unexpected argc ", argc);
    device_write_inband(console, reply_port, HELLO_LINE, sizeof HELLO_LINE - 1);
  }
  // The console queues the line and sends it one character per THRE
  // interrupt (about 1 ms each at 9600 baud); Mach resets at once on
  // host_reboot, so give the line time to leave first: wait on the reply
  // port, where nothing arrives, with a timeout on Mach's clock.
  mach_reply idle;
  mach_msg_trap(&idle, MACH_RCV_MSG | MACH_RCV_TIMEOUT, 0, sizeof idle, reply_port, DRAIN_WAIT_MS,
                MACH_PORT_NULL);
  kern_return_t kr = host_reboot(host, reply_port, 0);
  // Reached only if Mach refused to reboot.
  if (console) write_number(console, reply_port, "mkemu-hello: host_reboot failed ", kr);
  for (;;) mach_msg_trap(0, MACH_RCV_MSG, 0, 0, reply_port, 0, MACH_PORT_NULL);
}
