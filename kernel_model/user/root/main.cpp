// The root task: starts every further boot module as a task and is its pager,
// loading ELF segments on demand from the module (page faults arrive as IPC).
#include "user/lib/elf.h"
#include "user/lib/sigma0_protocol.h"
#include "user/lib/system.h"

using namespace km;

namespace {
constexpr uint32_t kModuleWindow = 0x60000000;  // module bytes at this + physical address
constexpr uint32_t kScratch = 0x70000000;       // pages root allocates for its children

enum class Role { kLog, kIo, kApp };
struct Child {
  uint32_t id;
  Role role;
  const uint8_t* image;
  ElfImage elf;
  const char* name;
};
Child g_children[kMaxModules];
uint32_t g_child_count;
uint32_t g_next_scratch = kScratch;
bool g_have_log, g_have_io;

const char* base_name(const char* path) {
  const char* b = path;
  for (const char* p = path; *p && *p != ' '; ++p)
    if (*p == '/') b = p + 1;
  return b;
}

Child* g_thread_owner[kMaxThreads];  // which child (task image) a thread runs in

Child* child_of(uint32_t id) {
  return id < kMaxThreads ? g_thread_owner[id] : nullptr;
}

bool start_module(const KipModule& mod) {
  for (uint32_t pa = mod.start & ~0xFFFu; pa < mod.end; pa += 4096) {
    if (!sigma0_phys_page(pa, kModuleWindow + pa)) return false;
  }
  Child& c = g_children[g_child_count];
  c.name = base_name(mod.cmdline);
  c.image = reinterpret_cast<const uint8_t*>(kModuleWindow + mod.start);
  if (!elf_parse(c.image, mod.end - mod.start, c.elf)) return false;
  uint32_t prio = kServerPrio;
  if (starts_with(c.name, "km_logsrv")) {
    c.role = Role::kLog;
    c.id = kLogServerId;
    g_have_log = true;
  } else if (starts_with(c.name, "km_ioserver")) {
    c.role = Role::kIo;
    c.id = kIoServerId;
    g_have_io = true;
  } else {
    c.role = Role::kApp;
    c.id = kFirstAppId;
    for (uint32_t i = 0; i < g_child_count; ++i)
      if (g_children[i].id >= c.id) c.id = g_children[i].id + 1;
    prio = kAppPrio;
  }
  ++g_child_count;
  g_thread_owner[c.id] = &c;
  uint32_t flags = c.role == Role::kApp ? kThreadPrivileged : 0;
  return thread_create(c.id, 0, my_id(), 0, reinterpret_cast<void (*)()>(c.elf.entry), 0, prio,
                       flags) == kOk;
}

// Fills a fresh page with the ELF contents at `va` and maps it to the faulting child.
bool resolve_fault(Child& c, uint32_t va, Msg& m) {
  va &= ~0xFFFu;
  const ElfSegment* seg = nullptr;
  for (uint32_t i = 0; i < c.elf.count; ++i) {
    const ElfSegment& s = c.elf.seg[i];
    if (va + 4096 > s.vaddr && va < s.vaddr + s.memsz) seg = &s;
  }
  if (!seg) return false;
  uint32_t page = g_next_scratch;
  if (!sigma0_any_page(page)) return false;
  g_next_scratch += 4096;
  auto* dst = reinterpret_cast<uint8_t*>(page);
  for (uint32_t off = 0; off < 4096; ++off) {
    uint32_t a = va + off;
    dst[off] = 0;
    for (uint32_t i = 0; i < c.elf.count; ++i) {  // segments may share a page
      const ElfSegment& s = c.elf.seg[i];
      if (a >= s.vaddr && a < s.vaddr + s.filesz) dst[off] = c.image[s.offset + (a - s.vaddr)];
    }
  }
  m.tag = tag(0, 0, 1);
  m.w[0] = va;  // hot spot: the fault address
  m.w[1] = mem_fpage(page, 12, true);
  return true;
}

bool answer_init(Child& c, Msg& m) {
  m.w[0] = g_have_log ? kLogServerId : 0;
  m.w[1] = g_have_io ? kIoServerId : 0;
  m.w[2] = 0;
  switch (c.role) {
    case Role::kLog:
      if (irq_attach(4, c.id) != kOk) return false;
      m.w[3] = io_fpage(0x3F8, 3);
      break;
    case Role::kIo:
      m.w[0] = 0;
      for (uint32_t i = 0; i < g_child_count; ++i)  // the first app manages the devices
        if (g_children[i].role == Role::kApp) m.w[0] = g_children[i].id;
      m.w[3] = io_fpage(0xCF8, 3);
      break;
    case Role::kApp:  // the test suite needs every port (IOPL 3 checks); others the exit port
      m.w[3] = starts_with(c.name, "km_testsuite") ? kFpAllPorts : io_fpage(kExitPort, 2);
      break;
  }
  m.tag = tag(0, 2, 1);
  return true;
}

void pager_loop() {
  Msg m;
  wait(kAnyId, m);
  for (;;) {
    Child* c = child_of(m.sender);
    bool ok = false;
    if (c && tag_label(m.tag) == kLabelPageFault) {
      ok = resolve_fault(*c, m.w[0], m);
      if (!ok)
        printf("root: %s: page fault at %x (eip %x) outside its image\n", c->name, m.w[0], m.w[1]);
    } else if (c && tag_label(m.tag) == kRootInit) {
      ok = answer_init(*c, m);
    } else if (c && tag_label(m.tag) == kRootAdopt && m.w[0] < kMaxThreads &&
               !g_thread_owner[m.w[0]]) {
      g_thread_owner[m.w[0]] = c;  // a further thread of that task: page it from the same image
      m.tag = tag(0, 0);
      ok = true;
    }
    if (!ok || reply_wait(m.sender, m) != kOk) wait(kAnyId, m);
  }
}
}  // namespace

extern "C" void umain() {
  const Kip* k = kip();
  printf("root: hello, %u boot modules\n", k->module_count);
  bool ports = sigma0_io(0, 16);  // every port; handed on to the servers in their init replies
  if (!ports) printf("root: sigma0 refused the I/O ports\n");
  if (k->module_count <= 2) {
    printf("root: nothing to start, exiting\n");
    outb(kExitPort, kExitAllPassed);
  }
  for (uint32_t i = 2; i < k->module_count; ++i) {
    if (!start_module(k->modules[i]))
      printf("root: cannot start module %u (%s)\n", i, k->modules[i].cmdline);
  }
  pager_loop();
}
