#include "platform/devices/vga_text.h"

namespace mkemu {

void VgaText::attach(MachineBus& bus) {
  clock_ = &bus.clock;
  bus.memory.add_mmio(kBase, kSize, this, "vga-text");
  bus.io.claim(0x3D4, 2, this, "vga-crtc");
  bus.io.claim(0x3DA, 1, this, "vga-status");
  reset();
}

void VgaText::reset() {
  // Text memory is not cleared by a reset; the CRTC returns to 80x25 with the
  // cursor at the top left (start address 0).
  crtc_.fill(0);
  crtc_[0x0A] = 0x0D;  // cursor start line
  crtc_[0x0B] = 0x0E;  // cursor end line
  crtc_index_ = 0;
}

void VgaText::mmio_write(uint32_t offset, unsigned size, uint32_t value) {
  for (unsigned i = 0; i < size && offset + i < kSize; ++i) {
    memory_[offset + i] = static_cast<uint8_t>(value >> (8 * i));
  }
}

uint32_t VgaText::mmio_peek(uint32_t offset, unsigned size) const {
  uint32_t value = 0;
  for (unsigned i = 0; i < size && offset + i < kSize; ++i) {
    value |= uint32_t{memory_[offset + i]} << (8 * i);
  }
  return value;
}

uint8_t VgaText::input_status() const {
  // Bit 3: vertical retrace (the last 2 of 449 lines of a 70 Hz frame);
  // bit 0: display disabled (horizontal or vertical blanking).
  uint64_t hz = clock_->hz;
  uint64_t line = Clock::to_device_ticks(clock_->cycles, hz, 31'469);  // lines since power-on
  uint64_t line_in_frame = line % 449;
  bool vretrace = line_in_frame >= 447;
  uint64_t line_start = Clock::from_device_ticks(line, hz, 31'469);
  uint64_t line_cycles = Clock::from_device_ticks(line + 1, hz, 31'469) - line_start;
  bool hblank = (clock_->cycles - line_start) * 5 >= line_cycles * 4;  // the last fifth
  bool vblank = line_in_frame >= 400;
  return static_cast<uint8_t>((vretrace ? 0x08 : 0) | (hblank || vblank ? 0x01 : 0));
}

uint32_t VgaText::io_peek(uint16_t port, unsigned size) const {
  uint32_t value = 0;
  for (unsigned i = 0; i < size; ++i) {
    auto p = static_cast<uint16_t>(port + i);
    uint8_t byte = 0xFF;
    if (p == 0x3D4) byte = crtc_index_;
    if (p == 0x3D5) byte = crtc(crtc_index_);
    if (p == 0x3DA) byte = input_status();
    value |= uint32_t{byte} << (8 * i);
  }
  return value;
}

void VgaText::io_write(uint16_t port, unsigned size, uint32_t value) {
  for (unsigned i = 0; i < size; ++i) {
    auto p = static_cast<uint16_t>(port + i);
    auto byte = static_cast<uint8_t>(value >> (8 * i));
    if (p == 0x3D4) crtc_index_ = byte;
    if (p == 0x3D5 && crtc_index_ < crtc_.size()) crtc_[crtc_index_] = byte;
  }
}

void VgaText::save_state(StateWriter& out) const {
  out.put_bytes(memory_);
  out.put_bytes(crtc_);
  out.put(crtc_index_);
}

void VgaText::load_state(StateReader& in) {
  in.get_bytes(memory_);
  in.get_bytes(crtc_);
  crtc_index_ = in.get<uint8_t>();
}

}  // namespace mkemu
