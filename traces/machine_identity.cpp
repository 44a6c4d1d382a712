#include "traces/machine_identity.h"

#include "platform/core/errors.h"
#include "platform/core/host_file.h"
#include "platform/core/state_hash.h"
#include "traces/hex_text.h"

namespace mkemu::traces {

std::vector<std::string> MachineIdentity::values(const std::string& name) const {
  std::vector<std::string> out;
  for (const auto& [key, value] : options) {
    if (key == name) out.push_back(value);
  }
  return out;
}

std::string MachineIdentity::value(const std::string& name, const std::string& fallback) const {
  for (const auto& [key, value] : options) {
    if (key == name) return value;
  }
  return fallback;
}

ImageHash hash_image(const std::string& role, const std::string& path) {
  std::vector<uint8_t> bytes = read_host_file(path);
  return {role, path, bytes.size(), hash_bytes(bytes)};
}

void write_identity(StateWriter& out, const MachineIdentity& identity) {
  out.put<uint32_t>(static_cast<uint32_t>(identity.options.size()));
  for (const auto& [key, value] : identity.options) {
    out.put_string(key);
    out.put_string(value);
  }
  out.put<uint32_t>(static_cast<uint32_t>(identity.images.size()));
  for (const ImageHash& image : identity.images) {
    out.put_string(image.role);
    out.put_string(image.path);
    out.put(image.size);
    out.put(image.hash);
  }
}

MachineIdentity read_identity(StateReader& in) {
  MachineIdentity identity;
  auto n = in.get<uint32_t>();
  in.expect(n <= 4096, "implausible option count " + std::to_string(n));
  for (uint32_t i = 0; i < n; ++i) {
    std::string key = in.get_string(256);
    std::string value = in.get_string(1 << 16);
    identity.options.emplace_back(std::move(key), std::move(value));
  }
  auto m = in.get<uint32_t>();
  in.expect(m <= 4096, "implausible image count " + std::to_string(m));
  for (uint32_t i = 0; i < m; ++i) {
    ImageHash image;
    image.role = in.get_string(64);
    image.path = in.get_string(1 << 16);
    image.size = in.get<uint64_t>();
    image.hash = in.get<uint64_t>();
    identity.images.push_back(std::move(image));
  }
  return identity;
}

void check_same_machine(const MachineIdentity& recorded, const MachineIdentity& current,
                        const std::string& origin) {
  if (recorded.options != current.options) {
    auto text = [](const MachineIdentity& id) {
      std::string s;
      for (const auto& [key, value] : id.options) s += " --" + key + " '" + value + "'";
      return s;
    };
    throw InputError(origin + ": made on a different machine:\n  recorded:" + text(recorded) +
                     "\n  this run:" + text(current));
  }
  if (recorded.images.size() != current.images.size()) {
    throw InputError(origin + ": made with " + std::to_string(recorded.images.size()) +
                     " images, this run has " + std::to_string(current.images.size()));
  }
  for (size_t i = 0; i < recorded.images.size(); ++i) {
    const ImageHash& r = recorded.images[i];
    const ImageHash& c = current.images[i];
    if (r != c) {
      throw InputError(origin + ": " + r.role + " image '" + c.path + "' (" +
                       std::to_string(c.size) + " bytes, hash " + hex(c.hash, 16) +
                       ") is not the one recorded ('" + r.path + "', " + std::to_string(r.size) +
                       " bytes, hash " + hex(r.hash, 16) + ")");
    }
  }
}

}  // namespace mkemu::traces
