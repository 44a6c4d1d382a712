#include "platform/devices/uart16550.h"

namespace mkemu {
namespace {

enum Reg : unsigned {
  kData = 0,
  kIer = 1,
  kIir = 2,
  kLcr = 3,
  kMcr = 4,
  kLsr = 5,
  kMsr = 6,
  kScr = 7
};
constexpr uint8_t kLcrDlab = 0x80;
constexpr uint8_t kMcrOut2 = 0x08, kMcrLoop = 0x10;
constexpr uint8_t kLsrDr = 0x01, kLsrOe = 0x02, kLsrThre = 0x20, kLsrTemt = 0x40;
constexpr uint8_t kIerRx = 0x01, kIerThre = 0x02, kIerLine = 0x04, kIerModem = 0x08;

}  // namespace

void Uart16550::attach(MachineBus& bus) {
  bus_ = &bus;
  bus.io.claim(base_, 8, this, "uart");
  bus.connect_isa_irq(irq_, irq_number_);
  tx_timer_ = bus.scheduler.add_timer("uart-tx", [this](uint64_t) { transmit_done(); });
  rx_timer_ = bus.scheduler.add_timer("uart-rx", [this](uint64_t) { deliver_host_byte(); });
  timeout_timer_ = bus.scheduler.add_timer("uart-timeout", [this](uint64_t) {
    if (fifo_enabled() && !rx_fifo_.empty()) timeout_ = true;
    update_irq();
  });
  reset();
}

void Uart16550::reset() {
  // Master reset (datasheet table); the divisor and scratch take QEMU's values.
  rx_fifo_.clear();
  tx_fifo_.clear();
  tsr_busy_ = false;
  ier_ = fcr_ = lcr_ = mcr_ = scr_ = 0;
  lsr_errors_ = msr_deltas_ = 0;
  divisor_ = 12;
  thr_interrupt_ = timeout_ = false;
  last_rbr_ = 0;
  msr_inputs_ = modem_inputs();
  bus_->scheduler.disarm(tx_timer_);
  bus_->scheduler.disarm(timeout_timer_);
  // Host input already queued keeps arriving.
  if (!host_queue_.empty() && !bus_->scheduler.armed(rx_timer_)) {
    arm_after(rx_timer_, character_cycles());
  }
  update_irq();
}

uint64_t Uart16550::character_cycles() const {
  // Start bit, 5-8 data bits, parity, 1/1.5/2 stop bits, in half bits.
  unsigned data = 5 + (lcr_ & 3);
  unsigned half_bits = 2 * (1 + data + ((lcr_ & 0x08) ? 1 : 0));
  half_bits += (lcr_ & 0x04) ? (data == 5 ? 3 : 4) : 2;
  uint64_t divisor = divisor_ ? divisor_ : 65536;
  // One bit is 16 baud-clock periods per divisor step.
  uint64_t baud_ticks = half_bits * 8 * divisor;
  return Clock::from_device_ticks(baud_ticks, bus_->clock.hz, kBaudClockHz);
}

void Uart16550::arm_after(TimerId timer, uint64_t cycles) {
  bus_->scheduler.arm(timer, bus_->clock.cycles + cycles);
}

unsigned Uart16550::rx_trigger() const {
  static constexpr unsigned kLevels[4] = {1, 4, 8, 14};
  return fifo_enabled() ? kLevels[fcr_ >> 6] : 1;
}

uint8_t Uart16550::modem_inputs() const {
  if (mcr_ & kMcrLoop) {
    // Loopback: RTS->CTS, DTR->DSR, OUT1->RI, OUT2->DCD.
    return static_cast<uint8_t>((mcr_ & 0x02) << 3 | (mcr_ & 0x01) << 5 | (mcr_ & 0x04) << 4 |
                                (mcr_ & 0x08) << 4);
  }
  return 0xB0;  // a connected terminal: DCD, DSR, CTS asserted, no ring
}

void Uart16550::set_modem_inputs() {
  uint8_t now = modem_inputs();
  uint8_t changed = now ^ msr_inputs_;
  if (changed & 0x10) msr_deltas_ |= 0x01;                         // DCTS
  if (changed & 0x20) msr_deltas_ |= 0x02;                         // DDSR
  if ((msr_inputs_ & 0x40) && !(now & 0x40)) msr_deltas_ |= 0x04;  // TERI: trailing edge
  if (changed & 0x80) msr_deltas_ |= 0x08;                         // DDCD
  msr_inputs_ = now;
}

uint8_t Uart16550::line_status() const {
  uint8_t lsr = lsr_errors_;
  if (!rx_fifo_.empty()) lsr |= kLsrDr;
  if (tx_fifo_.empty()) lsr |= kLsrThre;
  if (tx_fifo_.empty() && !tsr_busy_) lsr |= kLsrTemt;
  return lsr;
}

uint8_t Uart16550::interrupt_id() const {
  if ((ier_ & kIerLine) && (lsr_errors_ & 0x1E)) return 0x06;
  if ((ier_ & kIerRx) && rx_fifo_.size() >= rx_trigger()) return 0x04;
  if ((ier_ & kIerRx) && timeout_ && !rx_fifo_.empty()) return 0x0C;
  if ((ier_ & kIerThre) && thr_interrupt_) return 0x02;
  if ((ier_ & kIerModem) && msr_deltas_) return 0x00;
  return 0x01;
}

void Uart16550::update_irq() {
  // The PC gates the INTRPT pin with OUT2; loopback disconnects it.
  bool pending = (interrupt_id() & 1) == 0;
  irq_.set(pending && (mcr_ & kMcrOut2) && !(mcr_ & kMcrLoop));
}

void Uart16550::start_transmit() {
  tsr_ = tx_fifo_.front();
  tx_fifo_.pop_front();
  tsr_busy_ = true;
  // The byte leaves as it enters the shift register, so output written just
  // before the guest exits is not lost; the line stays busy for its duration.
  if (!(mcr_ & kMcrLoop)) bus_->control.guest_output(OutputChannel::kSerial, tsr_);
  arm_after(tx_timer_, character_cycles());
  if (tx_fifo_.empty()) thr_interrupt_ = true;
}

void Uart16550::transmit_done() {
  tsr_busy_ = false;
  if (mcr_ & kMcrLoop) receive(tsr_);
  if (!tx_fifo_.empty()) start_transmit();
  update_irq();
}

void Uart16550::receive(uint8_t byte) {
  if (rx_fifo_.size() >= rx_capacity()) {
    // Overrun: in FIFO mode the new character is lost; without FIFOs it
    // overwrites the holding register.
    lsr_errors_ |= kLsrOe;
    if (!fifo_enabled()) rx_fifo_.back() = byte;
  } else {
    rx_fifo_.push_back(byte);
  }
  timeout_ = false;
  restart_timeout();
}

void Uart16550::restart_timeout() {
  // Four character times without a read or a new character.
  if (fifo_enabled() && !rx_fifo_.empty()) {
    arm_after(timeout_timer_, 4 * character_cycles());
  } else {
    bus_->scheduler.disarm(timeout_timer_);
  }
}

void Uart16550::host_input(std::span<const uint8_t> bytes) {
  bool was_empty = host_queue_.empty();
  host_queue_.insert(host_queue_.end(), bytes.begin(), bytes.end());
  if (was_empty && !host_queue_.empty() && !bus_->scheduler.armed(rx_timer_)) {
    arm_after(rx_timer_, character_cycles());
  }
}

void Uart16550::deliver_host_byte() {
  if (host_queue_.empty()) return;
  if (rx_fifo_.size() >= rx_capacity()) return;  // waits; a read re-arms
  receive(host_queue_.front());
  host_queue_.pop_front();
  if (!host_queue_.empty()) arm_after(rx_timer_, character_cycles());
  update_irq();
}

uint8_t Uart16550::peek_register(unsigned reg) const {
  bool dlab = lcr_ & kLcrDlab;
  switch (reg) {
    case kData:
      if (dlab) return static_cast<uint8_t>(divisor_);
      return rx_fifo_.empty() ? last_rbr_ : rx_fifo_.front();
    case kIer: return dlab ? static_cast<uint8_t>(divisor_ >> 8) : ier_;
    case kIir: return static_cast<uint8_t>(interrupt_id() | (fifo_enabled() ? 0xC0 : 0));
    case kLcr: return lcr_;
    case kMcr: return mcr_;
    case kLsr: return line_status();
    case kMsr: return static_cast<uint8_t>(msr_inputs_ | msr_deltas_);
    default: return scr_;
  }
}

Uart16550::Registers Uart16550::registers() const {
  Registers r;
  r.rbr = rx_fifo_.empty() ? last_rbr_ : rx_fifo_.front();
  r.ier = ier_;
  r.iir = peek_register(kIir);
  r.fcr = fcr_;
  r.lcr = lcr_;
  r.mcr = mcr_;
  r.lsr = peek_register(kLsr);
  r.msr = peek_register(kMsr);
  r.scr = scr_;
  r.divisor = divisor_;
  r.rx_level = static_cast<unsigned>(rx_fifo_.size());
  r.tx_level = static_cast<unsigned>(tx_fifo_.size());
  r.rx_trigger = rx_trigger();
  r.host_pending = host_queue_.size();
  r.shift_busy = tsr_busy_;
  r.thre_pending = thr_interrupt_;
  r.timeout = timeout_;
  r.irq_level = irq_.level();
  return r;
}

uint8_t Uart16550::read_register(unsigned reg) {
  uint8_t value = peek_register(reg);
  bool dlab = lcr_ & kLcrDlab;
  switch (reg) {
    case kData:
      if (dlab || rx_fifo_.empty()) break;
      last_rbr_ = rx_fifo_.front();
      rx_fifo_.pop_front();
      timeout_ = false;
      restart_timeout();
      if (!host_queue_.empty() && !bus_->scheduler.armed(rx_timer_)) {
        arm_after(rx_timer_, character_cycles());
      }
      break;
    case kIir:
      if ((value & 0x0F) == 0x02) thr_interrupt_ = false;  // reading IIR acknowledges THRE
      break;
    case kLsr: lsr_errors_ = 0; break;
    case kMsr: msr_deltas_ = 0; break;
    default: break;
  }
  update_irq();
  return value;
}

void Uart16550::write_register(unsigned reg, uint8_t value) {
  bool dlab = lcr_ & kLcrDlab;
  switch (reg) {
    case kData:
      if (dlab) {
        divisor_ = static_cast<uint16_t>((divisor_ & 0xFF00) | value);
        break;
      }
      thr_interrupt_ = false;
      if (tx_fifo_.size() >= (fifo_enabled() ? kFifoSize : 1)) {
        tx_fifo_.back() = value;  // THR overwritten (the guest ignored THRE)
      } else {
        tx_fifo_.push_back(value);
      }
      if (!tsr_busy_) start_transmit();
      break;
    case kIer:
      if (dlab) {
        divisor_ = static_cast<uint16_t>((divisor_ & 0x00FF) | value << 8);
        break;
      }
      // Enabling the THRE interrupt while THR is empty interrupts at once.
      if ((value & kIerThre) && !(ier_ & kIerThre) && tx_fifo_.empty()) thr_interrupt_ = true;
      ier_ = value & 0x0F;
      break;
    case kIir: {  // FCR
      bool enable_changed = (value ^ fcr_) & 1;
      if (enable_changed || (value & 0x02)) {
        rx_fifo_.clear();
        timeout_ = false;
        restart_timeout();
      }
      if (enable_changed || (value & 0x04)) tx_fifo_.clear();
      // The other FCR bits are written only together with FIFO enable.
      fcr_ = (value & 1) ? (value & 0xC9) : 0;
      break;
    }
    case kLcr: lcr_ = value; break;
    case kMcr:
      mcr_ = value & 0x1F;
      set_modem_inputs();
      break;
    case kLsr: break;  // factory test only
    case kMsr: break;
    default: scr_ = value; break;
  }
  update_irq();
}

uint32_t Uart16550::io_read(uint16_t port, unsigned size) {
  uint32_t value = 0;
  for (unsigned i = 0; i < size; ++i) {
    value |= uint32_t{read_register((port + i - base_) & 7)} << (8 * i);
  }
  return value;
}

uint32_t Uart16550::io_peek(uint16_t port, unsigned size) const {
  uint32_t value = 0;
  for (unsigned i = 0; i < size; ++i) {
    value |= uint32_t{peek_register((port + i - base_) & 7)} << (8 * i);
  }
  return value;
}

void Uart16550::io_write(uint16_t port, unsigned size, uint32_t value) {
  for (unsigned i = 0; i < size; ++i) {
    write_register((port + i - base_) & 7, static_cast<uint8_t>(value >> (8 * i)));
  }
}

namespace {
void put_queue(StateWriter& out, const std::deque<uint8_t>& q) {
  out.put<uint32_t>(static_cast<uint32_t>(q.size()));
  for (uint8_t b : q) out.put(b);
}
void get_queue(StateReader& in, std::deque<uint8_t>& q, size_t limit) {
  auto n = in.get<uint32_t>();
  in.expect(n <= limit, "UART queue too long");
  q.clear();
  for (uint32_t i = 0; i < n; ++i) q.push_back(in.get<uint8_t>());
}
}  // namespace

void Uart16550::save_state(StateWriter& out) const {
  put_queue(out, rx_fifo_);
  put_queue(out, tx_fifo_);
  put_queue(out, host_queue_);
  for (uint8_t v :
       {tsr_, last_rbr_, ier_, fcr_, lcr_, mcr_, scr_, lsr_errors_, msr_deltas_, msr_inputs_}) {
    out.put(v);
  }
  out.put(divisor_);
  for (bool b : {tsr_busy_, thr_interrupt_, timeout_, irq_.level()}) out.put<uint8_t>(b);
}

void Uart16550::load_state(StateReader& in) {
  get_queue(in, rx_fifo_, kFifoSize);
  get_queue(in, tx_fifo_, kFifoSize);
  get_queue(in, host_queue_, size_t{1} << 30);
  for (uint8_t* v : {&tsr_, &last_rbr_, &ier_, &fcr_, &lcr_, &mcr_, &scr_, &lsr_errors_,
                     &msr_deltas_, &msr_inputs_}) {
    *v = in.get<uint8_t>();
  }
  divisor_ = in.get<uint16_t>();
  tsr_busy_ = in.get<uint8_t>() != 0;
  thr_interrupt_ = in.get<uint8_t>() != 0;
  timeout_ = in.get<uint8_t>() != 0;
  irq_.restore_level(in.get<uint8_t>() != 0);
}

}  // namespace mkemu
