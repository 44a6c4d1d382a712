#pragma once
// Reading and writing host files with errors that name the file.
#include <cstdint>
#include <span>
#include <string>
#include <vector>

namespace mkemu {

// Reads a whole file; throws InputError ("PATH: cannot read: reason").
std::vector<uint8_t> read_host_file(const std::string& path);
// Writes a file atomically (temporary file + rename), so a failed or
// interrupted write never leaves a half-written file behind.
void write_host_file_atomically(const std::string& path, std::span<const uint8_t> bytes);

}  // namespace mkemu
