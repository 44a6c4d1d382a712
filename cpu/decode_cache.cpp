#include "cpu/decode_cache.h"

#include "cpu/cpu_core.h"
#include "cpu/decoder.h"

namespace mkemu::cpu {

void DecodeCache::forget_fast() {
  for (FastSlot& f : fast_) f = FastSlot{};
}

void DecodeCache::clear() {
  pages_.clear();
  forget_current();
}

DecodeCache::Page& DecodeCache::page_for(CpuCore& c, uint32_t phys_base) {
  auto it = pages_.find(phys_base);
  if (it != pages_.end()) return *it->second;
  // Bound the host memory a guest can make us spend on decoded code: past
  // 8192 pages (about 80 MiB of host memory) start over. Called only between
  // instructions, so no cached instruction is in use.
  if (pages_.size() >= 8192) clear();
  auto page = std::make_unique<Page>();
  page->phys_base = phys_base;
  Page& ref = *page;
  pages_.emplace(phys_base, std::move(page));
  c.phys.mark_code_page(phys_base);
  return ref;
}

const Insn& DecodeCache::fetch_slow(CpuCore& c, uint32_t lin, bool code32) {
  PageFaultInfo fault;
  uint32_t phys = 0;
  if (!c.mmu.translate(lin, AccessType::kExecute, c.user(), phys, fault)) c.page_fault(fault);
  const uint32_t offset = lin & 0xFFFu;
  const uint8_t* host = c.phys.readable_page(phys);
  if (host) {
    Page& page = page_for(c, phys & ~0xFFFu);
    if (page.reset_pending) {
      page.insns.clear();
      page.reset_pending = false;
    }
    cur_lin_page_ = lin & ~0xFFFu;
    cur_ = &page;
    if (uint16_t k = page.slot[offset]; k && page.insns[k - 1].code32 == code32) {
      const Insn& hit = page.insns[k - 1];
      fast_[lin & (kFastSlots - 1)] = FastSlot{key(lin, code32, c.user()), &hit, host + offset};
      return hit;
    }
    Insn insn;
    DecodeResult r = decode(host + offset, 4096 - offset, code32, c.config, insn);
    if (r.status == DecodeStatus::kOk) {
      if (page.insns.size() >= 0xFFFF) {
        // Pathological rewriting of one page: start over.
        forget_fast();
        page.insns.clear();
        std::fill(std::begin(page.slot), std::end(page.slot), 0);
      }
      page.insns.push_back(insn);
      page.slot[offset] = static_cast<uint16_t>(page.insns.size());
      for (unsigned k = offset; k < offset + insn.len; ++k)
        page.covered[k >> 6] |= 1ull << (k & 63);
      fast_[lin & (kFastSlots - 1)] =
          FastSlot{key(lin, code32, c.user()), &page.insns.back(), host + offset};
      return page.insns.back();
    }
  }
  // Page-crossing or uncacheable (MMIO) code: gather up to 15 bytes and decode
  // without caching.
  uint8_t buf[16] = {};
  unsigned first = 4096 - offset < 15 ? 4096 - offset : 15;
  for (unsigned k = 0; k < first; ++k) {
    buf[k] = host ? host[offset + k] : static_cast<uint8_t>(c.phys.read(phys + k, 1));
  }
  DecodeResult r = decode(buf, first, code32, c.config, scratch_);
  if (r.status == DecodeStatus::kNeedMore) {
    uint32_t next_lin = (lin & ~0xFFFu) + 0x1000u;
    uint32_t next_phys = 0;
    if (!c.mmu.translate(next_lin, AccessType::kExecute, c.user(), next_phys, fault)) {
      c.page_fault(fault);
    }
    const uint8_t* next_host = c.phys.readable_page(next_phys);
    for (unsigned k = first; k < 15; ++k) {
      unsigned o = k - first;
      buf[k] = next_host ? next_host[o] : static_cast<uint8_t>(c.phys.read(next_phys + o, 1));
    }
    r = decode(buf, 15, code32, c.config, scratch_);
  }
  if (!host) forget_current();
  return scratch_;
}

void DecodeCache::invalidate_range(uint32_t paddr, unsigned size) {
  auto it = pages_.find(paddr & ~0xFFFu);
  if (it == pages_.end()) return;
  Page& page = *it->second;
  unsigned start = paddr & 0xFFFu;
  unsigned end = start + size > 4096 ? 4096 : start + size;
  bool hit = false;
  for (unsigned k = start; k < end; ++k) {
    if (page.covered[k >> 6] >> (k & 63) & 1) {
      hit = true;
      break;
    }
  }
  if (!hit) return;
  std::fill(std::begin(page.slot), std::end(page.slot), 0);
  std::fill(std::begin(page.covered), std::end(page.covered), 0);
  page.reset_pending = true;
  forget_fast();
}

void DecodeCache::on_write(uint32_t paddr, unsigned size) {
  invalidate_range(paddr, size);
  uint32_t last = paddr + size - 1;
  if ((last & ~0xFFFu) != (paddr & ~0xFFFu)) invalidate_range(last & ~0xFFFu, (last & 0xFFFu) + 1);
}

}  // namespace mkemu::cpu
