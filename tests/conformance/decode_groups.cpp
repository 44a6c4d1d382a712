#include "tests/conformance/decode_groups.h"

#include <algorithm>
#include <map>

namespace mkemu {
namespace {

struct Prefixes {
  bool lock = false;
  bool f2 = false;
  bool f3 = false;
  bool opsize = false;
  bool addrsize = false;
  uint8_t last_rep_or_lock = 0;  // the last of F0/F2/F3
  unsigned count = 0;
};

Prefixes scan_prefixes(const std::array<uint8_t, 16>& b) {
  Prefixes p;
  for (uint8_t x : b) {
    if (x == 0xF0)
      p.lock = true;
    else if (x == 0xF2)
      p.f2 = true;
    else if (x == 0xF3)
      p.f3 = true;
    else if (x == 0x66)
      p.opsize = true;
    else if (x == 0x67)
      p.addrsize = true;
    else if (x != 0x26 && x != 0x2E && x != 0x36 && x != 0x3E && x != 0x64 && x != 0x65 &&
             x != 0x67)
      break;
    if (x == 0xF0 || x == 0xF2 || x == 0xF3) p.last_rep_or_lock = x;
    ++p.count;
  }
  return p;
}

uint8_t opcode_byte(const std::array<uint8_t, 16>& b) {
  Prefixes p = scan_prefixes(b);
  return p.count < b.size() ? b[p.count] : 0;
}

// Capstone groups that name an instruction-set extension.
bool is_extension_group(const std::string& g) {
  static const char* const kNotExtensions[] = {
      "mode32", "not64bitmode", "16bitmode", "mode64",    "jump",           "call",
      "ret",    "int",          "iret",      "privilege", "branch_relative"};
  return std::none_of(std::begin(kNotExtensions), std::end(kNotExtensions),
                      [&](const char* n) { return g == n; });
}

// SDM Vol.2 LOCK: the instructions that accept LOCK (with a memory destination).
bool lockable_mnemonic(std::string m) {
  if (m.rfind("lock ", 0) == 0) m = m.substr(5);
  static const char* const kLockable[] = {"add",     "adc",       "and", "btc", "btr",  "bts",
                                          "cmpxchg", "cmpxchg8b", "dec", "inc", "neg",  "not",
                                          "or",      "sbb",       "sub", "xor", "xadd", "xchg"};
  return std::any_of(std::begin(kLockable), std::end(kLockable),
                     [&](const char* n) { return m == n; });
}

// Instructions capstone knows whose CPUID feature the p6 model does not have
// (or that do not exist outside 64-bit mode or on Intel): #UD on p6.
struct AbsentInstruction {
  const char* mnemonic;
  const char* feature;
};
constexpr AbsentInstruction kAbsent[] = {
    {"getsec", "smx"},
    {"syscall", "syscall"},
    {"sysret", "syscall"},
    {"movbe", "movbe"},
    {"popcnt", "popcnt"},
    {"prefetchw", "prefetchw"},
    {"prefetch", "prefetchw"},
    {"rdrand", "rdrand"},
    {"rdseed", "rdseed"},
    {"rdtscp", "rdtscp"},
    {"xsave", "xsave"},
    {"xrstor", "xsave"},
    {"xsavec", "xsave"},
    {"xsaves", "xsave"},
    {"xrstors", "xsave"},
    {"xsaveopt", "xsave"},
    {"xgetbv", "xsave"},
    {"xsetbv", "xsave"},
    {"clac", "smap"},
    {"stac", "smap"},
    {"swapgs", "long-mode"},
    {"enclu", "sgx"},
    {"encls", "sgx"},
    {"xtest", "rtm"},
    {"invpcid", "invpcid"},
    {"pcommit", "pcommit"},
    {"clwb", "clwb"},
    {"clflushopt", "clflushopt"},
    {"clflush", "clflush"},
    {"lfence", "sse2"},
    {"mfence", "sse2"},
    {"sfence", "sse1"},
    {"ud0", "ud0"},
    {"monitor", "monitor"},
    {"mwait", "monitor"},
    {"vmcall", "vmx"},
    {"rdpid", "rdpid"},
    {"rdfsbase", "fsgsbase"},
    {"wrfsbase", "fsgsbase"},
};

bool operand_size_16(const std::array<uint8_t, 16>& b, bool code32) {
  return code32 == scan_prefixes(b).opsize;
}

}  // namespace

std::string classify_capstone_only(const std::string& mnemonic,
                                   const std::vector<std::string>& groups,
                                   bool first_operand_is_memory,
                                   const std::array<uint8_t, 16>& bytes, bool) {
  Prefixes p = scan_prefixes(bytes);
  uint8_t op = opcode_byte(bytes);
  if (p.lock) {
    if (lockable_mnemonic(mnemonic) && first_operand_is_memory) return "lockable-but-rejected";
    return "lock-ud";
  }
  if (mnemonic == "fisttp") return "absent:fisttp";
  if (op >= 0xD8 && op <= 0xDF) return "x87:" + mnemonic;
  if (mnemonic == "ud2b") return "capstone:ud1-without-modrm";
  if (op == 0x8E && p.count + 1 < bytes.size() && ((bytes[p.count + 1] >> 3) & 7) == 1)
    return "absent:mov-to-cs";
  // Capstone reads VEX (C4/C5) only with a register-form second byte and XOP
  // (8F) only with ModRM.reg != 0; those encodings are #UD on P6.
  if ((op == 0xC4 || op == 0xC5) && p.count + 1 < bytes.size() && (bytes[p.count + 1] >> 6) == 3)
    return "vex-xop-encoding";
  if (op == 0x8F && p.count + 1 < bytes.size() && ((bytes[p.count + 1] >> 3) & 7) != 0)
    return "vex-xop-encoding";
  if (op == 0x0F && p.count + 1 < bytes.size() && bytes[p.count + 1] == 0x18)
    return "absent:0f18-prefetch";
  for (const AbsentInstruction& a : kAbsent)
    if (mnemonic == a.mnemonic) return std::string("absent:") + a.feature;
  if (mnemonic.rfind("xcrypt", 0) == 0 || mnemonic.rfind("xsha", 0) == 0 || mnemonic == "montmul" ||
      mnemonic == "xstorerng")
    return "absent:padlock";
  for (const std::string& g : groups)
    if (is_extension_group(g)) return "extension:" + g;
  return "capstone-only:" + mnemonic;
}

std::string classify_mkemu_only(const std::string& mnemonic, const std::array<uint8_t, 16>& bytes,
                                bool) {
  Prefixes p = scan_prefixes(bytes);
  if (p.count + 1 < bytes.size() && bytes[p.count] == 0x0F && bytes[p.count + 1] >= 0x19 &&
      bytes[p.count + 1] <= 0x1F && mnemonic == "nop")
    return "capstone:rejects-reserved-nop";
  return "mkemu-only:" + mnemonic;
}

std::string classify_disagreement(const std::string& cs, unsigned cs_length, const std::string& mk,
                                  unsigned mk_length, const std::array<uint8_t, 16>& bytes,
                                  bool code32) {
  if (cs_length == mk_length) {
    bool os16 = operand_size_16(bytes, code32);
    if (os16 && ((cs == "cdq" && mk == "cwd") || (cs == "cwde" && mk == "cbw")))
      return "capstone:cwd-cbw-in-16-bit";
    Prefixes p = scan_prefixes(bytes);
    if (cs == "nop" && mk == "pause" && opcode_byte(bytes) == 0x90 && p.last_rep_or_lock == 0xF3)
      return "capstone:pause-spelling";
    bool a32 = code32 != p.addrsize;
    std::string cs_base = p.f2 && cs.rfind("bnd ", 0) == 0 ? cs.substr(4) : cs;
    if (cs_base == (a32 ? "jcxz" : "jecxz") && mk == (a32 ? "jecxz" : "jcxz"))
      return "capstone:67-before-another-prefix";
  }
  if (cs == "ud2b" && mk == "ud2b" && cs_length < mk_length) return "capstone:ud1-without-modrm";
  return "";
}

std::string_view group_explanation(const std::string& key) {
  static const std::map<std::string, std::string_view> kWhy = {
      {"capstone:f2-f3-prefix-quirk",
       "capstone 4 mis-decodes F2/F3 next to other prefixes (prints bnd/xacquire/xrelease, "
       "drops LOCK, REPNE, 66 or 67, reads TZCNT/LZCNT); with the F2/F3 bytes removed, "
       "capstone agrees with mkemu (SDM: F2/F3 are ignored by these instructions on P6, and "
       "F3 0F BC/BD execute as BSF/BSR on CPUs without BMI1/LZCNT)"},
      {"capstone:cwd-cbw-in-16-bit",
       "capstone 4 names 98/99 CWDE/CDQ at 16-bit operand size; SDM: CBW/CWD"},
      {"capstone:pause-spelling",
       "capstone 4 names F3 90 NOP in 16-bit mode or with another prefix after F3; SDM: PAUSE "
       "is F3 90 (a NOP on P6)"},
      {"capstone:67-before-another-prefix",
       "capstone 4 ignores a 67 prefix followed by another prefix for E3 (and may add a "
       "bnd for F2); SDM: the address size selects JCXZ/JECXZ"},
      {"capstone:ud1-without-modrm",
       "capstone 4 decodes UD1 (0F B9) without its ModRM (SDM: 0F B9 /r), so its length is "
       "one short (and with many prefixes fits in 15 bytes where the real encoding does not)"},
      {"capstone:rejects-reserved-nop",
       "0F 19-1F: capstone 4 reads some forms as MPX/CET and rejects them; on CPUs without "
       "those they are the reserved NOP Ev (SDM Vol.2 opcode map, NOP)"},
      {"vex-xop-encoding",
       "VEX (C4/C5 with a register-form byte) and XOP (8F with ModRM.reg != 0): on P6 these "
       "are LES/LDS with a register operand or POP r/m with reg != 0, all #UD"},
      {"absent:0f18-prefetch",
       "0F 18 (group 16, PREFETCHh) is an SSE instruction: #UD on the p6 model (no SSE)"},
      {"absent:mov-to-cs",
       "MOV CS, r/m (8E /1): #UD on P6 (SDM Vol.2 MOV: loading CS with MOV is #UD); capstone "
       "decodes it"},
      {"absent:smx", "GETSEC (SMX): not in the p6 model, #UD"},
      {"absent:syscall", "SYSCALL/SYSRET: AMD; #UD on Intel outside 64-bit mode"},
      {"absent:movbe", "MOVBE: not in the p6 model, #UD"},
      {"absent:popcnt", "POPCNT: not in the p6 model (F3 0F B8 is #UD)"},
      {"absent:prefetchw", "PREFETCH/PREFETCHW (0F 0D): 3DNow!/later CPUs, #UD on p6"},
      {"absent:rdrand", "RDRAND: not in the p6 model, #UD"},
      {"absent:rdseed", "RDSEED: not in the p6 model, #UD"},
      {"absent:rdtscp", "RDTSCP: not in the p6 model, #UD"},
      {"absent:xsave", "XSAVE family and XGETBV/XSETBV: not in the p6 model, #UD"},
      {"absent:smap", "CLAC/STAC (SMAP): not in the p6 model, #UD"},
      {"absent:long-mode", "SWAPGS: 64-bit mode only, #UD"},
      {"absent:sgx", "SGX ENCLS/ENCLU: not in the p6 model, #UD"},
      {"absent:rtm", "XTEST (TSX): not in the p6 model, #UD"},
      {"absent:invpcid", "INVPCID: not in the p6 model, #UD"},
      {"absent:pcommit", "PCOMMIT: not in the p6 model, #UD"},
      {"absent:clwb", "CLWB: not in the p6 model, #UD"},
      {"absent:clflushopt", "CLFLUSHOPT: not in the p6 model, #UD"},
      {"absent:clflush", "CLFLUSH (CLFSH): not in the p6 model, #UD"},
      {"absent:sse1", "SFENCE (SSE): not in the p6 model, #UD"},
      {"absent:sse2", "LFENCE/MFENCE (SSE2): not in the p6 model, #UD"},
      {"absent:ud0",
       "UD0 (0F FF): raises #UD by definition, which decode_for_crosscheck reports as not "
       "decoded"},
      {"absent:monitor", "MONITOR/MWAIT: not in the p6 model, #UD"},
      {"absent:vmx", "VMX: not in the p6 model, #UD"},
      {"absent:rdpid", "RDPID: not in the p6 model, #UD"},
      {"absent:fsgsbase", "RD/WRFSBASE: 64-bit mode only, #UD"},
      {"extension:avx2", "VEX encodings: LES/LDS register forms on P6, #UD"},
      {"extension:rtm", "TSX (XBEGIN/XEND/XABORT): not in the p6 model, #UD"},
      {"extension:bmi", "BMI (VEX): LES/LDS register forms on P6, #UD"},
      {"extension:bmi2", "BMI2 (VEX): LES/LDS register forms on P6, #UD"},
      {"extension:fma", "FMA (VEX): LES/LDS register forms on P6, #UD"},
      {"extension:f16c", "F16C (VEX): LES/LDS register forms on P6, #UD"},
      {"extension:fma4", "AMD FMA4: LES/LDS register forms / #UD on P6"},
      {"extension:tbm", "AMD TBM (XOP): POP r/m with reg != 0 on P6, #UD"},
      {"lock-ud",
       "LOCK on an instruction that is not in the SDM's lockable list or has no memory "
       "destination: #UD on P6 (SDM Vol.2A LOCK); capstone does not check LOCK"},
      {"absent:fisttp", "FISTTP (DB/DD/DF /1) is SSE3: not in the p6 model, #UD"},
      {"extension:mmx", "MMX: not in the p6 model (no MMX/SSE), #UD"},
      {"extension:sse1", "SSE: not in the p6 model, #UD"},
      {"extension:sse2", "SSE2: not in the p6 model, #UD"},
      {"extension:sse3", "SSE3: not in the p6 model, #UD"},
      {"extension:ssse3", "SSSE3: not in the p6 model, #UD"},
      {"extension:sse41", "SSE4.1: not in the p6 model, #UD"},
      {"extension:sse42", "SSE4.2: not in the p6 model, #UD"},
      {"extension:sse4a", "AMD SSE4a: not in the p6 model, #UD"},
      {"extension:3dnow", "AMD 3DNow!: not on Intel CPUs, #UD"},
      {"extension:avx",
       "VEX (C4/C5) encodings: in 16/32-bit mode P6 decodes C4/C5 as LES/LDS, "
       "whose register form is #UD"},
      {"extension:avx512", "VEX/EVEX encodings: LES/LDS register forms on P6, #UD"},
      {"extension:xop", "AMD XOP (8F with map select): POP r/m with reg != 0 on P6, #UD"},
      {"extension:vm", "VMX/SVM: not in the p6 model, #UD"},
      {"extension:sha", "SHA extensions: not in the p6 model, #UD"},
      {"extension:aes", "AES-NI: not in the p6 model, #UD"},
      {"extension:pclmul", "PCLMULQDQ: not in the p6 model, #UD"},
      {"extension:adx", "ADX: not in the p6 model, #UD"},
      {"absent:padlock", "VIA PadLock (0F A6/A7 C0-E8): not on Intel CPUs, #UD"},
  };
  auto it = kWhy.find(key);
  return it == kWhy.end() ? std::string_view{} : it->second;
}

}  // namespace mkemu
