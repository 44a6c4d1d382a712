#include "platform/devices/pic8259.h"

#include <cstdio>

namespace mkemu {

// ---- one chip ----

void Pic8259Chip::reset_power_on() {
  bool master = is_master;
  uint8_t mask = elcr_mask;
  *this = Pic8259Chip{};
  is_master = master;
  elcr_mask = mask;
}

int Pic8259Chip::highest_in(uint8_t mask) const {
  if (!mask) return -1;
  for (unsigned p = 0; p < 8; ++p) {
    unsigned ir = (lowest_priority + 1 + p) & 7;
    if (mask & (1u << ir)) return static_cast<int>(ir);
  }
  return -1;
}

int Pic8259Chip::pending_ir() const {
  int request = highest_in(irr & ~imr);
  if (request < 0) return -1;
  uint8_t in_service = isr;
  // Special mask mode: a masked in-service level does not block lower ones.
  if (special_mask) in_service &= ~imr;
  // Special fully nested mode: the slave's own in-service IR2 does not block
  // further (higher-priority) requests from that slave.
  if (special_fully_nested && is_master) in_service &= ~(1u << 2);
  int current = highest_in(in_service);
  if (current >= 0 &&
      priority_of(static_cast<unsigned>(request)) >= priority_of(static_cast<unsigned>(current))) {
    return -1;
  }
  return request;
}

void Pic8259Chip::set_input(unsigned ir, bool level) {
  uint8_t bit = static_cast<uint8_t>(1u << ir);
  if (level_triggered(ir)) {
    // Level: the request follows the line.
    irr = level ? (irr | bit) : (irr & ~bit);
  } else if (level && !(input_levels & bit)) {
    irr |= bit;  // rising edge latched until acknowledged
  }
  input_levels = level ? (input_levels | bit) : (input_levels & ~bit);
}

void Pic8259Chip::acknowledge(unsigned ir) {
  uint8_t bit = static_cast<uint8_t>(1u << ir);
  if (auto_eoi) {
    if (rotate_in_aeoi) lowest_priority = static_cast<uint8_t>(ir);
  } else {
    isr |= bit;
  }
  // A level-triggered request stays while the line is high.
  if (!level_triggered(ir)) irr &= ~bit;
}

void Pic8259Chip::write_command(uint8_t value) {
  if (value & 0x10) {
    // ICW1: the datasheet's initialisation sequence. IMR cleared, IR7 lowest
    // priority, special mask off, status read set to IRR, edge latches reset
    // (a line that is high must go low and high again). ELCR is a PIIX
    // register and survives.
    uint8_t keep_elcr = elcr;
    uint8_t keep_levels = input_levels;
    bool master = is_master;
    uint8_t mask = elcr_mask;
    *this = Pic8259Chip{};
    is_master = master;
    elcr_mask = mask;
    elcr = keep_elcr;
    input_levels = keep_levels;
    level_mode = (value & 0x08) != 0;
    // Level-triggered lines that are high keep requesting.
    for (unsigned ir = 0; ir < 8; ++ir) {
      if (level_triggered(ir) && (input_levels & (1u << ir))) irr |= 1u << ir;
    }
    single = (value & 0x02) != 0;
    icw4_needed = (value & 0x01) != 0;
    init_step = 2;
    return;
  }
  if (value & 0x08) {
    // OCW3.
    if (value & 0x04) poll = true;
    if (value & 0x02) read_isr = (value & 0x01) != 0;
    if (value & 0x40) special_mask = (value & 0x20) != 0;
    return;
  }
  // OCW2: R, SL, EOI in bits 7-5; L2-L0 in bits 2-0.
  unsigned level = value & 7;
  switch (value >> 5) {
    case 0: rotate_in_aeoi = false; break;
    case 4: rotate_in_aeoi = true; break;
    case 1:    // non-specific EOI
    case 5: {  // rotate on non-specific EOI
      int ir = highest_in(isr);
      if (ir < 0) break;
      isr &= ~(1u << ir);
      if ((value >> 5) == 5) lowest_priority = static_cast<uint8_t>(ir);
      break;
    }
    case 3: isr &= ~(1u << level); break;  // specific EOI
    case 7:                                // rotate on specific EOI
      isr &= ~(1u << level);
      lowest_priority = static_cast<uint8_t>(level);
      break;
    case 6: lowest_priority = static_cast<uint8_t>(level); break;  // set priority
    default: break;                                                // 2: no operation
  }
}

void Pic8259Chip::write_data(uint8_t value) {
  switch (init_step) {
    case 2:
      icw2 = value;
      init_step = single ? (icw4_needed ? 4 : 0) : 3;
      return;
    case 3:
      icw3 = value;
      init_step = icw4_needed ? 4 : 0;
      return;
    case 4:
      // ICW4: bit 4 SFNM, bit 1 AEOI (bits 3-2 buffered mode, bit 0 8086 mode: no effect).
      special_fully_nested = (value & 0x10) != 0;
      auto_eoi = (value & 0x02) != 0;
      init_step = 0;
      return;
    default: imr = value; return;  // OCW1
  }
}

uint8_t Pic8259Chip::read_port(bool odd) {
  if (poll) {
    // Poll command: the next read is the poll word and acknowledges.
    poll = false;
    int ir = pending_ir();
    if (ir < 0) return 0;
    acknowledge(static_cast<unsigned>(ir));
    return static_cast<uint8_t>(0x80 | ir);
  }
  return peek_port(odd);
}

uint8_t Pic8259Chip::peek_port(bool odd) const {
  if (odd) return imr;
  return read_isr ? isr : irr;
}

void Pic8259Chip::save(StateWriter& out) const {
  for (uint8_t v : {irr, isr, imr, elcr, input_levels, icw2, icw3, lowest_priority, init_step}) {
    out.put(v);
  }
  for (bool b : {icw4_needed, single, level_mode, auto_eoi, rotate_in_aeoi, special_fully_nested,
                 special_mask, read_isr, poll}) {
    out.put<uint8_t>(b);
  }
}

void Pic8259Chip::load(StateReader& in) {
  for (uint8_t* v :
       {&irr, &isr, &imr, &elcr, &input_levels, &icw2, &icw3, &lowest_priority, &init_step}) {
    *v = in.get<uint8_t>();
  }
  in.expect(lowest_priority < 8 && init_step <= 4 && init_step != 1, "bad 8259 state");
  elcr &= elcr_mask;
  for (bool* b : {&icw4_needed, &single, &level_mode, &auto_eoi, &rotate_in_aeoi,
                  &special_fully_nested, &special_mask, &read_isr, &poll}) {
    *b = in.get<uint8_t>() != 0;
  }
}

// ---- the pair ----

void Pic8259Pair::attach(MachineBus& bus) {
  bus_ = &bus;
  master_.is_master = true;
  // PIIX ELCR: IRQ 0, 1, 2, 8 and 13 are always edge-triggered.
  master_.elcr_mask = 0xF8;
  slave_.elcr_mask = 0xDE;
  bus.io.claim(0x20, 2, this, "pic-master");
  bus.io.claim(0xA0, 2, this, "pic-slave");
  bus.io.claim(0x4D0, 2, this, "pic-elcr");
  reset();
}

void Pic8259Pair::reset() {
  master_.reset_power_on();
  slave_.reset_power_on();
  update();
}

void Pic8259Pair::update() {
  master_.set_input(2, slave_.int_output());
  bool level = master_.int_output();
  if (level != output_) {
    output_ = level;
    if (on_int_output) on_int_output(level);
  }
}

void Pic8259Pair::irq_input_changed(unsigned input, bool level) {
  if (input >= 16 || input == 2) return;
  (input < 8 ? master_ : slave_).set_input(input & 7, level);
  update();
}

uint8_t Pic8259Pair::acknowledge() {
  uint8_t vector;
  int ir = master_.pending_ir();
  if (ir < 0) {
    // Spurious: the request went away before the acknowledge; IR7's vector
    // and no in-service bit.
    vector = master_.vector_base() | 7;
  } else if (ir == 2 && !master_.single) {
    int slave_ir = slave_.pending_ir();
    if (slave_ir >= 0) {
      slave_.acknowledge(static_cast<unsigned>(slave_ir));
      vector = static_cast<uint8_t>(slave_.vector_base() | slave_ir);
    } else {
      vector = slave_.vector_base() | 7;  // spurious IRQ15 (master IR2 still in service)
    }
    master_.acknowledge(2);
  } else {
    master_.acknowledge(static_cast<unsigned>(ir));
    vector = static_cast<uint8_t>(master_.vector_base() | ir);
  }
  if (bus_ && bus_->logging(LogCategory::kInt)) {
    char text[64];
    std::snprintf(text, sizeof text, "pic acknowledge vector 0x%02x%s", vector,
                  ir < 0 ? " (spurious)" : "");
    bus_->log->write(LogCategory::kInt, text);
  }
  update();
  return vector;
}

uint32_t Pic8259Pair::io_read(uint16_t port, unsigned size) {
  if (port >= 0x4D0) return io_peek(port, size);
  uint8_t value = chip_for(port).read_port(port & 1);
  update();
  return value;
}

uint32_t Pic8259Pair::io_peek(uint16_t port, unsigned size) const {
  uint32_t value = 0;
  for (unsigned i = 0; i < size; ++i) {
    uint16_t p = static_cast<uint16_t>(port + i);
    uint8_t byte = 0xFF;
    if (p == 0x4D0) byte = master_.elcr;
    if (p == 0x4D1) byte = slave_.elcr;
    if ((p & ~0x81) == 0x20) byte = ((p & 0x80) ? slave_ : master_).peek_port(p & 1);
    value |= uint32_t{byte} << (8 * i);
  }
  return value;
}

void Pic8259Pair::io_write(uint16_t port, unsigned size, uint32_t value) {
  for (unsigned i = 0; i < size; ++i) {
    uint16_t p = static_cast<uint16_t>(port + i);
    auto byte = static_cast<uint8_t>(value >> (8 * i));
    if (p == 0x4D0) {
      master_.write_elcr(byte);
    } else if (p == 0x4D1) {
      slave_.write_elcr(byte);
    } else if ((p & ~0x81) == 0x20) {
      Pic8259Chip& chip = chip_for(p);
      if (p & 1) {
        chip.write_data(byte);
      } else {
        chip.write_command(byte);
      }
    }
  }
  update();
}

void Pic8259Pair::save_state(StateWriter& out) const {
  master_.save(out);
  slave_.save(out);
  out.put<uint8_t>(output_);
}

void Pic8259Pair::load_state(StateReader& in) {
  master_.load(in);
  slave_.load(in);
  output_ = in.get<uint8_t>() != 0;
  // Re-drive the INT pin: its consumer may have been restored in any order.
  if (on_int_output) on_int_output(output_);
}

}  // namespace mkemu
