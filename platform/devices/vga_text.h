#pragma once
// VGA colour text memory at 0xB8000-0xBFFFF (32 KiB, RAM-like: writes are
// kept, reads return them) and the CRT controller's index/data ports at
// 0x3D4/0x3D5 (cursor and start address registers), plus input status 1 at
// 0x3DA whose retrace bits follow virtual time (70 Hz frames, 31.47 kHz
// lines) so polling loops end. Rendering comes later and reads text() and
// crtc(); nothing here is drawn.
#include <array>
#include <cstdint>
#include <span>

#include "platform/core/io_bus.h"
#include "platform/core/phys_memory.h"
#include "platform/device.h"
#include "platform/machine_bus.h"

namespace mkemu {

class VgaText final : public Device, public IoHandler, public MmioHandler {
 public:
  static constexpr uint32_t kBase = 0xB8000;
  static constexpr uint32_t kSize = 0x8000;

  void attach(MachineBus& bus) override;
  void reset() override;

  uint32_t mmio_read(uint32_t offset, unsigned size) override { return mmio_peek(offset, size); }
  void mmio_write(uint32_t offset, unsigned size, uint32_t value) override;
  uint32_t mmio_peek(uint32_t offset, unsigned size) const override;

  uint32_t io_read(uint16_t port, unsigned size) override { return io_peek(port, size); }
  void io_write(uint16_t port, unsigned size, uint32_t value) override;
  uint32_t io_peek(uint16_t port, unsigned size) const override;

  std::span<const uint8_t> text() const { return memory_; }
  uint8_t crtc(unsigned index) const { return index < crtc_.size() ? crtc_[index] : 0xFF; }

  std::string_view state_name() const override { return "vga-text"; }
  void save_state(StateWriter& out) const override;
  void load_state(StateReader& in) override;

 private:
  uint8_t input_status() const;
  std::array<uint8_t, kSize> memory_{};
  std::array<uint8_t, 0x19> crtc_{};
  uint8_t crtc_index_ = 0;
  const Clock* clock_ = nullptr;
};

}  // namespace mkemu
