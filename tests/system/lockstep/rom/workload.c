/* Compiled integer work for rings 0 and 3: many distinct instructions
 * (gcc's choice of ALU forms, SETcc/CMOVcc, shifts, multiplies, divides,
 * string moves, jump tables, calls through pointers), all deterministic. */
typedef unsigned int u32;
typedef int s32;
typedef unsigned char u8;
typedef unsigned short u16;

extern u32 checksum;

static u32 lcg(u32* state) {
  *state = *state * 1103515245u + 12345u;
  return *state >> 7;
}

static void insertion_sort(s32* v, u32 n) {
  for (u32 i = 1; i < n; ++i) {
    s32 x = v[i];
    u32 j = i;
    while (j > 0 && v[j - 1] > x) {
      v[j] = v[j - 1];
      --j;
    }
    v[j] = x;
  }
}

static u32 crc32(const u8* p, u32 n) {
  u32 crc = 0xFFFFFFFFu;
  for (u32 i = 0; i < n; ++i) {
    crc ^= p[i];
    for (int k = 0; k < 8; ++k) crc = (crc >> 1) ^ (0xEDB88320u & -(crc & 1));
  }
  return ~crc;
}

static u32 isqrt(u32 x) {
  u32 r = 0, bit = 1u << 30;
  while (bit > x) bit >>= 2;
  while (bit) {
    if (x >= r + bit) {
      x -= r + bit;
      r = (r >> 1) + bit;
    } else {
      r >>= 1;
    }
    bit >>= 2;
  }
  return r;
}

static u32 gcd(u32 a, u32 b) {
  while (b) {
    u32 t = a % b;
    a = b;
    b = t;
  }
  return a;
}

static u32 op_add(u32 a, u32 b) {
  return a + b;
}
static u32 op_rot(u32 a, u32 b) {
  return (a << (b & 31)) | (a >> ((32 - b) & 31));
}
static u32 op_mix(u32 a, u32 b) {
  return (a ^ b) * 0x9E3779B1u;
}
static u32 op_sdiv(u32 a, u32 b) {
  return (u32)((s32)a / ((s32)(b | 1)));
}

static u32 classify(u32 x) {
  switch (x % 7) {
    case 0: return x + 1;
    case 1: return x ^ 0x55;
    case 2: return x << 3;
    case 3: return x >> 2;
    case 4: return ~x;
    case 5: return x * 5;
    default: return x - 9;
  }
}

static void copy_bytes(u8* dst, const u8* src, u32 n) {
  __asm__ volatile("rep movsb" : "+D"(dst), "+S"(src), "+c"(n) : : "memory");
}

static u32 scan_bits(u32 x) {
  u32 lo, hi;
  if (!x) return 0;
  __asm__("bsf %1, %0" : "=r"(lo) : "rm"(x) : "cc");
  __asm__("bsr %1, %0" : "=r"(hi) : "rm"(x) : "cc");
  return lo * 32 + hi;
}

static u32 bit_reverse(u32 x) {
  x = ((x >> 1) & 0x55555555u) | ((x & 0x55555555u) << 1);
  x = ((x >> 2) & 0x33333333u) | ((x & 0x33333333u) << 2);
  x = ((x >> 4) & 0x0F0F0F0Fu) | ((x & 0x0F0F0F0Fu) << 4);
  return __builtin_bswap32(x);
}

static s32 saturate16(s32 x) {
  return x > 32767 ? 32767 : x < -32768 ? -32768 : x;
}

static u32 mul_high(u32 a, u32 b) {
  return (u32)(((unsigned long long)a * b) >> 32);
}
static s32 smul_high(s32 a, s32 b) {
  return (s32)(((long long)a * b) >> 32);
}

static u32 mixed_widths(u32 a, u32 b) {
  signed char c = (signed char)a;
  short h = (short)b;
  u16 w = (u16)(a ^ b);
  u32 r = (u32)(c * h) + w;
  r += (u32)((s32)a >> (b & 31)) + (a >> (b & 15)) + (a << (b & 7));
  r ^= (a & 0xFF) == (b & 0xFF);
  r += (s32)a < (s32)b;
  return r;
}

struct pair {
  u16 key;
  u8 tag;
  u32 value;
};

static u32 struct_work(u32 seed) {
  struct pair p[6];
  for (u32 i = 0; i < 6; ++i) {
    p[i].key = (u16)(seed >> i);
    p[i].tag = (u8)(i * 37);
    p[i].value = seed * (i + 1);
  }
  struct pair t = p[0];
  p[0] = p[5];
  p[5] = t;
  u32 r = 0;
  for (u32 i = 0; i < 6; ++i) r += p[i].key * p[i].tag + (p[i].value % 97);
  return r;
}

static u32 state_machine(const u8* s, u32 n) {
  u32 state = 0, count = 0;
  for (u32 i = 0; i < n; ++i) {
    switch (state) {
      case 0: state = s[i] & 1 ? 1 : 2; break;
      case 1:
        state = s[i] > 128 ? 3 : 0;
        ++count;
        break;
      case 2: state = s[i] % 3; break;
      default:
        state = 0;
        count += s[i] >> 5;
        break;
    }
  }
  return count * 4 + state;
}

void workload(u32 seed) {
  static u32 (*const ops[4])(u32, u32) = {op_add, op_rot, op_mix, op_sdiv};
  s32 v[12];
  u8 bytes[16], copy[16];
  u32 state = seed * 2654435761u + 1;
  for (u32 i = 0; i < 12; ++i) v[i] = (s32)lcg(&state) - (1 << 23);
  insertion_sort(v, 12);
  for (u32 i = 0; i < 16; ++i) bytes[i] = (u8)lcg(&state);
  copy_bytes(copy, bytes, 16);
  u32 acc = crc32(copy, 16);
  for (u32 i = 0; i < 6; ++i) {
    u32 a = lcg(&state), b = lcg(&state);
    acc += ops[(a ^ i) & 3](a, b);
    acc ^= classify(acc + i);
    acc += isqrt(a) + gcd(a | 1, b | 1) + scan_bits(a & b);
    acc += (u32)((s32)v[i] < 0 ? -v[i] : v[i]) % (i + 3);
    acc += (u16)(a * b) + (u8)(a >> 3) + (a > b ? a - b : b - a);
  }
  acc += bit_reverse(acc) + (u32)saturate16((s32)acc >> 12) + mul_high(acc, seed | 1);
  acc += (u32)smul_high((s32)acc, (s32)(seed * 3 - 7)) + mixed_widths(acc, seed);
  acc += struct_work(acc) + state_machine(copy, 16);
  checksum += acc;
}
