#pragma once

#include <string>
#include <vector>

namespace onair::store {

/// One numbered schema change. `sql` holds statements separated by `;` at line ends and may use
/// `{{AUTO_ID}}` for an auto-incrementing 64-bit primary key, spelled per dialect.
struct Migration {
  int version;
  std::string name;
  std::string sql;
};

/// The migrations compiled into the binary from src/store/migrations/*.sql, in order.
const std::vector<Migration>& embedded_migrations();

}  // namespace onair::store
