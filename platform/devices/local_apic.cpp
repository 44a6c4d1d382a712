#include "platform/devices/local_apic.h"

#include <algorithm>

namespace mkemu {
namespace {

constexpr uint32_t kMasked = 1u << 16;
constexpr size_t kMaxWindows = 16;  // relocations beyond this are ignored (memory map limit)

}  // namespace

// An MMIO window at one base; answers only while it is the current base of an
// enabled APIC (a stale window reads as unclaimed memory).
class LocalApic::Window final : public MmioHandler {
 public:
  Window(LocalApic& apic, uint32_t base) : apic_(apic), base_(base) {}
  uint32_t base() const { return base_; }

  uint32_t mmio_read(uint32_t offset, unsigned size) override { return mmio_peek(offset, size); }
  uint32_t mmio_peek(uint32_t offset, unsigned size) const override {
    uint32_t ones = size >= 4 ? 0xFFFF'FFFFu : (1u << (8 * size)) - 1;
    if (!live()) return ones;
    // Registers are 32 bits at 16-byte strides; narrower reads take bytes of it.
    if ((offset & 0xF) >= 4) return 0;
    uint32_t value = apic_.read_register(offset & 0xFF0) >> (8 * (offset & 3));
    return value & ones;
  }
  void mmio_write(uint32_t offset, unsigned size, uint32_t value) override {
    // Only aligned dword writes reach a register (as QEMU).
    if (live() && size == 4 && (offset & 0xF) == 0) apic_.write_register(offset & 0xFF0, value);
  }

 private:
  bool live() const {
    return apic_.globally_enabled() && (apic_.base_msr_ & 0xFFFF'F000u) == base_;
  }
  LocalApic& apic_;
  uint32_t base_;
};

LocalApic::LocalApic(bool tsc_deadline_supported) : tsc_deadline_(tsc_deadline_supported) {}
LocalApic::~LocalApic() = default;

void LocalApic::attach(MachineBus& bus) {
  bus_ = &bus;
  timer_ = bus.scheduler.add_timer("lapic-timer", [this](uint64_t due) { timer_fired(due); });
  add_window(kDefaultBase);
  reset();
}

void LocalApic::add_window(uint32_t base) {
  for (const auto& w : windows_) {
    if (w->base() == base) return;
  }
  if (windows_.size() >= kMaxWindows) return;
  windows_.push_back(std::make_unique<Window>(*this, base));
  bus_->memory.add_mmio(base, PhysicalMemoryMap::kPageSize, windows_.back().get(), "lapic");
}

void LocalApic::reset() {
  base_msr_ = kDefaultBase | 0x900;  // BSP, globally enabled
  tpr_ = ldr_ = esr_ = esr_pending_ = icr_low_ = icr_high_ = 0;
  dfr_ = 0xFFFF'FFFFu;
  irr_ = isr_ = tmr_ = Bits{};
  lvt_.fill(kMasked);
  // There is no firmware, so reset leaves the APIC as PC firmware (SeaBIOS)
  // hands it to an OS: software-enabled, LINT0 ExtINT (the virtual wire to
  // the 8259, level) and LINT1 NMI. The bare chip would be SVR 0FFh with
  // every LVT masked, and no PIC interrupt would reach the CPU.
  svr_ = 0x1FF;
  lvt_[kLint0] = 0x8700;
  lvt_[kLint1] = 0x8400;
  initial_count_ = divide_config_ = 0;
  timer_start_ = 0;
  tsc_deadline_value_ = 0;
  lint_level_ = {};
  bus_->scheduler.disarm(timer_);
  changed();
}

int LocalApic::highest(const Bits& bits) {
  for (int i = 7; i >= 0; --i) {
    if (bits[i]) return i * 32 + 31 - __builtin_clz(bits[i]);
  }
  return -1;
}

uint32_t LocalApic::ppr() const {
  int isrv = highest(isr_);
  uint32_t isr_class = isrv < 0 ? 0 : static_cast<uint32_t>(isrv) & 0xF0;
  return (tpr_ & 0xF0) >= isr_class ? tpr_ : isr_class;
}

int LocalApic::deliverable() const {
  if (!globally_enabled() || !software_enabled()) return -1;
  int v = highest(irr_);
  if (v < 0) return -1;
  uint32_t p = ppr();
  if (p && (static_cast<uint32_t>(v) & 0xF0) <= (p & 0xF0)) return -1;
  return v;
}

bool LocalApic::interrupt_pending() const {
  return deliverable() >= 0;
}

int LocalApic::acknowledge() {
  if (!globally_enabled() || !software_enabled() || highest(irr_) < 0) return -1;
  int v = deliverable();
  if (v < 0) return static_cast<int>(svr_ & 0xFF);  // blocked by priority: spurious
  set_bit(irr_, static_cast<unsigned>(v), false);
  set_bit(isr_, static_cast<unsigned>(v), true);
  changed();
  return v;
}

bool LocalApic::passes_extint() const {
  if (!globally_enabled()) return true;
  uint32_t lint0 = lvt_[kLint0];
  return !(lint0 & kMasked) && ((lint0 >> 8) & 7) == 7;
}

void LocalApic::set_base_msr(uint64_t value) {
  // BSP (bit 8) is read-only; once disabled (bit 11) the APIC stays disabled
  // until reset.
  bool enable = (value & 0x800) && globally_enabled();
  base_msr_ = (value & 0xFFFF'F000u) | (base_msr_ & 0x100) | (enable ? 0x800 : 0);
  if (!enable) svr_ &= ~0x100u;
  add_window(static_cast<uint32_t>(base_msr_ & 0xFFFF'F000u));
  changed();
}

void LocalApic::accept(uint8_t vector, bool level_triggered) {
  if (vector < 16) {
    esr_pending_ |= 0x40;  // received illegal vector
    return;
  }
  set_bit(irr_, vector, true);
  set_bit(tmr_, vector, level_triggered);
  changed();
}

bool LocalApic::matches_destination(uint8_t destination, bool logical) const {
  if (destination == 0xFF) return true;
  if (!logical) return destination == (id_ & 0xFF);
  uint8_t logical_id = static_cast<uint8_t>(ldr_ >> 24);
  if ((dfr_ >> 28) == 0xF) return (destination & logical_id) != 0;  // flat model
  // Cluster model: the high nibble names the cluster, the low one the members.
  return (destination >> 4) == (logical_id >> 4) && (destination & logical_id & 0xF) != 0;
}

void LocalApic::deliver_lvt(Lvt entry) {
  uint32_t v = lvt_[entry];
  if (v & kMasked) return;
  unsigned mode = (entry == kTimer || entry == kError) ? 0 : (v >> 8) & 7;
  switch (mode) {
    case 0:
      accept(static_cast<uint8_t>(v), (entry == kLint0 || entry == kLint1) && (v & 0x8000));
      break;
    case 4:
      if (on_nmi) on_nmi();
      break;
    default: break;  // ExtINT is the PIC's path; SMI/INIT not modelled
  }
}

void LocalApic::lint_changed(unsigned lint, bool level) {
  if (lint > 1 || lint_level_[lint] == level) return;
  lint_level_[lint] = level;
  Lvt entry = lint ? kLint1 : kLint0;
  uint32_t v = lvt_[entry];
  if (((v >> 8) & 7) == 7) {
    changed();  // ExtINT: the INTR pin follows the PIC
    return;
  }
  bool level_triggered = v & 0x8000;
  if (level) {
    deliver_lvt(entry);
  } else if (level_triggered && ((v >> 8) & 7) == 0) {
    set_bit(irr_, v & 0xFF, false);  // a level request withdrawn before it was taken
    changed();
  }
}

unsigned LocalApic::divide_shift() const {
  unsigned v = ((divide_config_ >> 1) & 4) | (divide_config_ & 3);
  return (v + 1) & 7;  // 000 -> /2 ... 110 -> /128, 111 -> /1
}

uint32_t LocalApic::current_count() const {
  if (timer_mode() == 2 || initial_count_ == 0) return 0;
  uint64_t elapsed = (bus_->clock.cycles - timer_start_) >> divide_shift();
  if (timer_mode() == 1) return static_cast<uint32_t>(initial_count_ - elapsed % initial_count_);
  return elapsed >= initial_count_ ? 0 : static_cast<uint32_t>(initial_count_ - elapsed);
}

void LocalApic::start_timer() {
  if (initial_count_ == 0 || timer_mode() == 2) {
    bus_->scheduler.disarm(timer_);
    return;
  }
  bus_->scheduler.arm(timer_, timer_start_ + (uint64_t{initial_count_} << divide_shift()));
}

void LocalApic::timer_fired(uint64_t due) {
  if (timer_mode() == 2) {
    tsc_deadline_value_ = 0;
    deliver_lvt(kTimer);
    return;
  }
  deliver_lvt(kTimer);
  if (timer_mode() == 1 && initial_count_) {
    timer_start_ = due;  // periodic: reload without drift
    start_timer();
  }
}

void LocalApic::set_tsc_deadline(uint64_t value) {
  if (!tsc_deadline_ || timer_mode() != 2) return;  // ignored outside TSC-deadline mode
  tsc_deadline_value_ = value;
  if (value == 0) {
    bus_->scheduler.disarm(timer_);
  } else {
    // The TSC is the cycle counter; a deadline in the past fires at once.
    bus_->scheduler.arm(timer_, std::max(value, bus_->clock.cycles));
  }
}

void LocalApic::write_lvt(unsigned index, uint32_t value) {
  static constexpr uint32_t kWritable[kLvtCount] = {0x300FF, 0x107FF, 0x107FF,
                                                    0x1A7FF, 0x1A7FF, 0x100FF};
  uint32_t mask = kWritable[index];
  if (index == kTimer && !tsc_deadline_) mask &= ~(1u << 18);
  if (index == kTimer && tsc_deadline_) mask |= 1u << 18;
  uint32_t old = lvt_[index];
  uint32_t next = (value & mask) | (old & 0x4000);  // remote IRR is read-only
  if (!software_enabled()) next |= kMasked;
  lvt_[index] = next;
  if (index == kTimer && ((old >> 17) & 3) != ((next >> 17) & 3) &&
      (((old >> 17) & 3) == 2 || ((next >> 17) & 3) == 2)) {
    // Switching into or out of TSC-deadline mode disarms the timer.
    initial_count_ = 0;
    tsc_deadline_value_ = 0;
    bus_->scheduler.disarm(timer_);
  }
  if (index == kLint0) changed();
}

uint32_t LocalApic::read_register(uint32_t offset) const {
  switch (offset) {
    case 0x020: return id_ << 24;
    case 0x030: return kVersion;
    case 0x080: return tpr_;
    case 0x0A0: return ppr();
    case 0x0D0: return ldr_;
    case 0x0E0: return dfr_;
    case 0x0F0: return svr_;
    case 0x280: return esr_;
    case 0x300: return icr_low_;
    case 0x310: return icr_high_;
    case 0x380: return initial_count_;
    case 0x390: return current_count();
    case 0x3E0: return divide_config_;
    default: break;
  }
  if (offset >= 0x100 && offset < 0x180) return isr_[(offset - 0x100) / 16];
  if (offset >= 0x180 && offset < 0x200) return tmr_[(offset - 0x180) / 16];
  if (offset >= 0x200 && offset < 0x280) return irr_[(offset - 0x200) / 16];
  if (offset >= 0x320 && offset < 0x380) return lvt_[(offset - 0x320) / 16];
  return 0;
}

void LocalApic::write_register(uint32_t offset, uint32_t value) {
  switch (offset) {
    case 0x020: id_ = value >> 24; return;
    case 0x080:
      tpr_ = value & 0xFF;
      changed();
      return;
    case 0x0B0: {  // EOI: retire the highest in-service vector
      int v = highest(isr_);
      if (v < 0) return;
      set_bit(isr_, static_cast<unsigned>(v), false);
      if ((tmr_[v / 32] >> (v % 32)) & 1) {
        if (on_level_eoi) on_level_eoi(static_cast<uint8_t>(v));
      }
      changed();
      return;
    }
    case 0x0D0: ldr_ = value & 0xFF00'0000u; return;
    case 0x0E0: dfr_ = value | 0x0FFF'FFFFu; return;
    case 0x0F0:
      svr_ = value & 0x1FF;
      if (!software_enabled()) {
        for (uint32_t& entry : lvt_) entry |= kMasked;
      }
      changed();
      return;
    case 0x280:  // a write latches the errors seen since the last one
      esr_ = esr_pending_;
      esr_pending_ = 0;
      return;
    case 0x300: {
      icr_low_ = value & ~0x1000u;  // delivery status: always idle
      unsigned shorthand = (value >> 18) & 3;
      bool to_self = shorthand == 1 || shorthand == 2 ||
                     (shorthand == 0 &&
                      matches_destination(static_cast<uint8_t>(icr_high_ >> 24), value & 0x800));
      unsigned mode = (value >> 8) & 7;
      if (!to_self) return;
      if (mode == 0 || mode == 1) accept(static_cast<uint8_t>(value), value & 0x8000);
      if (mode == 4 && on_nmi) on_nmi();
      return;
    }
    case 0x310: icr_high_ = value & 0xFF00'0000u; return;
    case 0x380:
      if (timer_mode() == 2) return;
      initial_count_ = value;
      timer_start_ = bus_->clock.cycles;
      start_timer();
      return;
    case 0x3E0: {
      // Keep the count where it is and continue at the new rate.
      uint32_t current = current_count();
      divide_config_ = value & 0xB;
      if (initial_count_ && current) {
        timer_start_ = bus_->clock.cycles - (uint64_t{initial_count_ - current} << divide_shift());
        start_timer();
      }
      return;
    }
    default: break;
  }
  if (offset >= 0x320 && offset < 0x380) write_lvt((offset - 0x320) / 16, value);
}

void LocalApic::save_state(StateWriter& out) const {
  out.put(base_msr_);
  for (uint32_t v : {id_, tpr_, ldr_, dfr_, svr_, esr_, esr_pending_, icr_low_, icr_high_,
                     initial_count_, divide_config_}) {
    out.put(v);
  }
  for (const Bits* bits : {&irr_, &isr_, &tmr_}) {
    for (uint32_t w : *bits) out.put(w);
  }
  for (uint32_t v : lvt_) out.put(v);
  out.put(timer_start_);
  out.put(tsc_deadline_value_);
  out.put<uint8_t>(lint_level_[0]);
  out.put<uint8_t>(lint_level_[1]);
}

void LocalApic::load_state(StateReader& in) {
  base_msr_ = in.get<uint64_t>();
  for (uint32_t* v : {&id_, &tpr_, &ldr_, &dfr_, &svr_, &esr_, &esr_pending_, &icr_low_, &icr_high_,
                      &initial_count_, &divide_config_}) {
    *v = in.get<uint32_t>();
  }
  for (Bits* bits : {&irr_, &isr_, &tmr_}) {
    for (uint32_t& w : *bits) w = in.get<uint32_t>();
  }
  for (uint32_t& v : lvt_) v = in.get<uint32_t>();
  timer_start_ = in.get<uint64_t>();
  tsc_deadline_value_ = in.get<uint64_t>();
  lint_level_[0] = in.get<uint8_t>() != 0;
  lint_level_[1] = in.get<uint8_t>() != 0;
  add_window(static_cast<uint32_t>(base_msr_ & 0xFFFF'F000u));
  changed();
}

}  // namespace mkemu
