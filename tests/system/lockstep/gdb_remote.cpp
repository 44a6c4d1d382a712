#include "tests/system/lockstep/gdb_remote.h"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <sys/socket.h>
#include <unistd.h>

#include <chrono>
#include <cstdio>
#include <stdexcept>
#include <thread>

namespace mkemu::lockstep {
namespace {

std::string hex_byte(unsigned v) {
  char buf[3];
  std::snprintf(buf, sizeof buf, "%02x", v & 0xFF);
  return buf;
}

std::vector<uint8_t> from_hex(const std::string& s) {
  if (s.size() % 2) throw std::runtime_error("gdb: odd-length hex reply: " + s.substr(0, 40));
  std::vector<uint8_t> out(s.size() / 2);
  for (size_t i = 0; i < out.size(); ++i)
    out[i] = static_cast<uint8_t>(std::stoul(s.substr(2 * i, 2), nullptr, 16));
  return out;
}

}  // namespace

GdbRemote::GdbRemote(uint16_t port) {
  for (int attempt = 0; attempt < 100; ++attempt) {
    fd_ = socket(AF_INET, SOCK_STREAM, 0);
    sockaddr_in addr{};
    addr.sin_family = AF_INET;
    addr.sin_port = htons(port);
    addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    if (connect(fd_, reinterpret_cast<sockaddr*>(&addr), sizeof addr) == 0) {
      int one = 1;  // every packet is a round trip: never wait for Nagle
      setsockopt(fd_, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
      transact("qSupported:xmlRegisters=i386");
      // QEMU accepts register writes ('P') only from a client that has read
      // the target description.
      read_feature("target.xml");
      return;
    }
    close(fd_);
    fd_ = -1;
    std::this_thread::sleep_for(std::chrono::milliseconds(100));
  }
  throw std::runtime_error("gdb: cannot connect to 127.0.0.1:" + std::to_string(port));
}

GdbRemote::~GdbRemote() {
  if (fd_ >= 0) close(fd_);
}

void GdbRemote::send_packet(const std::string& payload) {
  unsigned sum = 0;
  for (unsigned char c : payload) sum += c;
  std::string packet = "$" + payload + "#" + hex_byte(sum);
  if (write(fd_, packet.data(), packet.size()) != static_cast<ssize_t>(packet.size()))
    throw std::runtime_error("gdb: write failed");
}

std::string GdbRemote::receive_packet() {
  for (;;) {
    size_t start = pending_.find('$');
    if (start != std::string::npos) {
      size_t hash = pending_.find('#', start);
      if (hash != std::string::npos && pending_.size() >= hash + 3) {
        std::string payload = pending_.substr(start + 1, hash - start - 1);
        pending_.erase(0, hash + 3);
        // No '+' acknowledgement: QEMU's system-mode stub never waits for
        // one (the next '$' also ends its wait), and each one would cost
        // QEMU a wake-up per packet.
        if (payload.find('*') != std::string::npos)
          throw std::runtime_error("gdb: run-length encoded reply not supported");
        return payload;
      }
    }
    char buf[4096];
    ssize_t n = read(fd_, buf, sizeof buf);
    if (n <= 0) throw std::runtime_error("gdb: connection closed by the stub");
    pending_.append(buf, static_cast<size_t>(n));
  }
}

std::string GdbRemote::transact(const std::string& payload) {
  send_packet(payload);
  return receive_packet();
}

std::string GdbRemote::read_feature(const std::string& annex) {
  std::string out;
  // Offsets and lengths are hex.
  char request[128];
  for (size_t offset = 0;;) {
    std::snprintf(request, sizeof request, "qXfer:features:read:%s:%zx,3e0", annex.c_str(), offset);
    std::string reply = transact(request);
    if (reply.empty() || (reply[0] != 'm' && reply[0] != 'l'))
      throw std::runtime_error("gdb: qXfer " + annex + " failed: " + reply);
    out += reply.substr(1);
    offset += reply.size() - 1;
    if (reply[0] == 'l') return out;
  }
}

std::string GdbRemote::step() {
  return transact("s");
}

std::vector<uint8_t> GdbRemote::read_registers() {
  return from_hex(transact("g"));
}

void GdbRemote::write_register(unsigned number, const uint8_t* value, unsigned bytes) {
  char request[24];
  std::snprintf(request, sizeof request, "P%x=", number);
  std::string packet = request;
  for (unsigned i = 0; i < bytes; ++i) packet += hex_byte(value[i]);
  const std::string reply = transact(packet);
  if (reply != "OK") throw std::runtime_error("gdb: " + packet + " failed: " + reply);
}

std::vector<uint8_t> GdbRemote::read_memory(uint32_t address, uint32_t length) {
  char request[64];
  std::snprintf(request, sizeof request, "m%x,%x", address, length);
  return from_hex(transact(request));
}

}  // namespace mkemu::lockstep
