#pragma once
// Why a hardware task switch happens (SDM vol. 3, 7.3): it decides the busy
// bits, NT and the back link.
namespace mkemu::cpu {

enum TaskReason : int { kTaskJmp = 0, kTaskCallGate = 1, kTaskIret = 2 };

}  // namespace mkemu::cpu
