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
  checksum += acc;
}
