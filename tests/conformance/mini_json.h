#pragma once
// A minimal JSON reader, enough for the SingleStepTests metadata.json
// (objects, arrays, strings, numbers, literals). Errors raise InputError.
#include <map>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "platform/core/errors.h"

namespace mkemu::json {

struct Value {
  enum class Kind { kNull, kBool, kNumber, kString, kArray, kObject } kind = Kind::kNull;
  bool boolean = false;
  double number = 0;
  std::string string;
  std::vector<Value> array;
  std::map<std::string, Value> object;

  // Member lookup; nullptr when this is not an object or lacks the key.
  const Value* find(const std::string& key) const {
    if (kind != Kind::kObject) return nullptr;
    auto it = object.find(key);
    return it == object.end() ? nullptr : &it->second;
  }
};

Value parse(std::string_view text, const std::string& origin);

}  // namespace mkemu::json
