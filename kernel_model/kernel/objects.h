// Kernel objects: trap frame, tasks, threads, mapping-database nodes.
#pragma once

#include <stdint.h>

#include "km/abi.h"

namespace kernel {

// Layout pushed by boot.S isr_common (lowest address first).
struct Frame {
  uint32_t gs, fs, es, ds;
  uint32_t edi, esi, ebp, esp_unused, ebx, edx, ecx, eax;
  uint32_t vector, error;
  uint32_t eip, cs, eflags, user_esp, user_ss;
};

constexpr uint32_t kMaxTasks = 48;
constexpr uint32_t kPageSize = 4096;

struct Task {
  bool used;
  bool privileged;
  bool iopl3;
  uint32_t id;
  uint32_t creator;   // task id that created this task
  uint32_t* pd;       // page directory (physical == kernel virtual)
  uint32_t** shadow;  // per page table: mapping-node index per entry
  uint8_t* tss;       // TSS + I/O bitmap (3 pages)
  uint32_t io_nodes;  // first I/O mapping node of this task
};

enum class ThreadState : uint8_t { kFree, kRunning, kReady, kSendBlocked, kRecvBlocked, kDead };

struct Thread {
  uint32_t id;
  ThreadState state;
  uint8_t prio;
  Task* task;
  uint32_t pager, exc_handler;
  uint32_t kstack_top;
  uint32_t kesp;       // saved kernel stack pointer while switched out
  km::Utcb* utcb;      // kernel view of the UTCB
  uint32_t utcb_user;  // user address of the UTCB
  Thread* next_ready;
  // IPC
  uint32_t wait_from;  // while receive-blocked: kAnyId or a thread/IRQ id
  uint32_t then_from;  // receive phase that follows a blocked send
  uint32_t then_timeout;
  Thread* send_to;     // while send-blocked
  Thread* sendq_head;  // threads blocked sending to this one
  Thread* sendq_next;
  bool retry_recv;      // woken after a send to run the receive phase itself
  uint32_t timeout_at;  // tick at which the blocking operation expires, 0: never
  uint32_t slice_left;
  // kernel-synthesised IPC (page fault / exception)
  bool kipc;
  uint32_t ktag, kwords[6];
  uint32_t kreply_tag, kreply_words[2], kresult;
};

inline Frame* frame_of(Thread* t) {
  return reinterpret_cast<Frame*>(t->kstack_top - sizeof(Frame));
}

// A mapping-database node: one mapped page (memory) or one I/O flexpage of a task.
struct Node {
  uint8_t kind;   // km::kFpMem or km::kFpIo
  uint8_t order;  // I/O: log2 port count
  uint16_t task;
  uint32_t addr;                       // memory: virtual page address; I/O: first port
  uint32_t parent, child, next, prev;  // mapping tree (indices, 0 = none)
  uint32_t io_next;                    // per-task list of I/O nodes
};

extern Task g_tasks[kMaxTasks];
extern Thread g_threads[km::kMaxThreads];
extern Thread* g_current;
extern uint32_t g_ticks;
extern bool g_need_resched;
extern km::Kip* g_kip;

}  // namespace kernel
