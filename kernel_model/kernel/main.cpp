// Boot: Multiboot information -> kernel info page, memory, CPU tables, PIC/PIT,
// then sigma0 (module 0) and the root task (module 1).
#include "kernel/arch.h"
#include "kernel/console.h"
#include "kernel/cpu_tables.h"
#include "kernel/elf_loader.h"
#include "kernel/mapdb.h"
#include "kernel/memory.h"
#include "kernel/multiboot.h"
#include "kernel/pic.h"
#include "kernel/sched.h"
#include "kernel/space.h"

extern "C" char __kernel_start[], __kernel_end[];

namespace kernel {

km::Kip* g_kip;

namespace {
constexpr uint32_t kMaxMemory = 512u << 20;
constexpr uint32_t kPoolSize = 8u << 20;
constexpr uint8_t kSigma0Prio = 250, kRootPrio = 200;

uint32_t round_up(uint32_t v) {
  return (v + 4095) & ~4095u;
}
uint32_t max_u(uint32_t a, uint32_t b) {
  return a > b ? a : b;
}

uint32_t string_end(uint32_t s) {
  while (*reinterpret_cast<const char*>(s)) ++s;
  return s + 1;
}

void copy_modules(const MultibootInfo* mbi) {
  auto* mods = reinterpret_cast<const MultibootModule*>(mbi->mods_addr);
  uint32_t count = mbi->mods_count < km::kMaxModules ? mbi->mods_count : km::kMaxModules;
  g_kip->module_count = count;
  for (uint32_t i = 0; i < count; ++i) {
    km::KipModule& m = g_kip->modules[i];
    m.start = mods[i].mod_start;
    m.end = mods[i].mod_end;
    const char* s = mods[i].string ? reinterpret_cast<const char*>(mods[i].string) : "";
    uint32_t n = 0;
    for (; s[n] && n + 1 < sizeof(m.cmdline); ++n) m.cmdline[n] = s[n];
    m.cmdline[n] = 0;
  }
}

Task* start_boot_task(uint32_t module, uint32_t id, uint8_t prio, uint32_t pager) {
  const km::KipModule& m = g_kip->modules[module];
  Task* t = task_create(0, true);
  uint32_t entry = load_elf(t, m.start, m.end - m.start);
  if (!t || entry == 0) panic("module %u (%s) is not a valid ELF32 image", module, m.cmdline);
  thread_create(id, t, entry, 0, prio, pager, 0);
  return t;
}
}  // namespace

extern "C" void kmain(uint32_t magic, const MultibootInfo* mbi) {
  console_init();
  kprintf("kernel_model: booting\n");
  if (magic != kMultibootBootMagic) panic("not booted by a Multiboot loader (%x)", magic);
  if (!(mbi->flags & kMbFlagMem)) panic("no memory information from the boot loader");
  if (!(mbi->flags & kMbFlagMods) || mbi->mods_count < 2)
    panic("need at least two modules (sigma0, root task)");

  uint32_t mem_end = (mbi->mem_upper + 1024) * 1024;
  if (mem_end > kMaxMemory) mem_end = kMaxMemory;
  mem_end &= ~4095u;
  // Everything the boot loader handed over must survive until it is copied.
  uint32_t reserved = reinterpret_cast<uint32_t>(__kernel_end);
  reserved = max_u(reserved, reinterpret_cast<uint32_t>(mbi) + sizeof(MultibootInfo));
  auto* mods = reinterpret_cast<const MultibootModule*>(mbi->mods_addr);
  reserved = max_u(reserved, mbi->mods_addr + mbi->mods_count * sizeof(MultibootModule));
  for (uint32_t i = 0; i < mbi->mods_count; ++i) {
    reserved = max_u(reserved, mods[i].mod_end);
    if (mods[i].string) reserved = max_u(reserved, string_end(mods[i].string));
  }
  uint32_t pool_start = round_up(reserved), pool_end = pool_start + kPoolSize;
  if (pool_end + (1u << 20) > mem_end) panic("not enough memory (%u KiB)", mem_end >> 10);

  memory_init(mem_end, pool_start, pool_end);
  g_kip = static_cast<km::Kip*>(alloc_frame());
  g_kip->magic = km::kKipMagic;
  g_kip->mem_end = mem_end;
  g_kip->sigma0_lo = pool_end;
  g_kip->sigma0_hi = mem_end;
  g_kip->ticks_per_second = kTicksPerSecond;
  copy_modules(mbi);

  cpu_tables_init();
  pic_init();
  pit_init(kTicksPerSecond);
  pic_unmask(0);
  mapdb_init(mem_end / 4096 + 16384);
  enable_paging();

  Task* sigma0 = start_boot_task(0, km::kSigma0Id, kSigma0Prio, 0);
  io_grant_all(sigma0);
  uint32_t kstart = reinterpret_cast<uint32_t>(__kernel_start);
  uint32_t kend = reinterpret_cast<uint32_t>(__kernel_end);
  for (uint32_t pa = 0x100000; pa < mem_end; pa += 4096) {
    if ((pa >= kstart && pa < kend) || (pa >= pool_start && pa < pool_end)) continue;
    map_root_page(sigma0, km::kSigma0PhysWindow + pa, pa, true);
  }
  start_boot_task(1, km::kRootId, kRootPrio, km::kSigma0Id);
  kprintf("kernel_model: %u modules, starting sigma0 and the root task\n", g_kip->module_count);
  schedule();
  panic("boot context resumed");
}

}  // namespace kernel
