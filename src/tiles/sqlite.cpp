#include "tiles/sqlite.hpp"

#include <sqlite3.h>

#include "util/error.hpp"

namespace sahelmap::tiles::sqlite {

void Db::Close::operator()(sqlite3* db) const {
  sqlite3_close_v2(db);  // with statements still open (never, by construction) it waits for them
}

Db::Db(const std::string& path, int flags, const std::string& shown_as) : path_(shown_as.empty() ? path : shown_as) {
  sqlite3* raw = nullptr;
  const int rc = sqlite3_open_v2(path.c_str(), &raw, flags, nullptr);
  db_.reset(raw);  // owned even when the open failed: sqlite3_close frees it
  if (rc != SQLITE_OK) throw Error(path_ + ": cannot open: " + (raw ? sqlite3_errmsg(raw) : "out of memory"));
  sqlite3_busy_timeout(raw, 5000);
}

void Db::exec(const std::string& sql, const std::string& where) const {
  char* msg = nullptr;
  if (sqlite3_exec(db_.get(), sql.c_str(), nullptr, nullptr, &msg) != SQLITE_OK) {
    const std::string why = msg ? msg : sqlite3_errmsg(db_.get());
    sqlite3_free(msg);
    throw Error((where.empty() ? path_ : where) + ": " + why);
  }
}

Statement Db::prepare(const std::string& sql) const {
  sqlite3_stmt* s = nullptr;
  if (sqlite3_prepare_v2(db_.get(), sql.c_str(), -1, &s, nullptr) != SQLITE_OK) {
    sqlite3_finalize(s);
    throw Error(path_ + ": " + sqlite3_errmsg(db_.get()));
  }
  return Statement(s, *this);
}

std::int64_t Db::count(const std::string& sql) const {
  Statement q = prepare(sql);
  return q.step() ? q.integer(0) : 0;
}

void Statement::Finalize::operator()(sqlite3_stmt* s) const {
  sqlite3_finalize(s);
}

void Statement::check(int rc, std::string_view what) const {
  if (rc != SQLITE_OK) throw Error(db_->path() + ": " + std::string(what) + ": " + sqlite3_errmsg(db_->get()));
}

Statement& Statement::bind(int i, std::int64_t v) {
  check(sqlite3_bind_int64(stmt_.get(), i, v), "bind");
  return *this;
}

Statement& Statement::bind(int i, std::string_view text) {
  check(sqlite3_bind_text(stmt_.get(), i, text.data(), static_cast<int>(text.size()), SQLITE_TRANSIENT), "bind");
  return *this;
}

Statement& Statement::bind(int i, std::span<const unsigned char> blob) {
  check(sqlite3_bind_blob(stmt_.get(), i, blob.data(), static_cast<int>(blob.size()), SQLITE_TRANSIENT), "bind");
  return *this;
}

bool Statement::step(std::string_view what) {
  const int rc = sqlite3_step(stmt_.get());
  if (rc == SQLITE_ROW) return true;
  if (rc == SQLITE_DONE) return false;
  const std::string why = sqlite3_errmsg(db_->get());
  sqlite3_reset(stmt_.get());
  throw Error(db_->path() + ": " + std::string(what) + ": " + why);
}

void Statement::reset() {
  sqlite3_reset(stmt_.get());
  sqlite3_clear_bindings(stmt_.get());
}

std::int64_t Statement::integer(int column) const {
  return sqlite3_column_int64(stmt_.get(), column);
}

bool Statement::null(int column) const {
  return sqlite3_column_type(stmt_.get(), column) == SQLITE_NULL;
}

bool Statement::is_blob(int column) const {
  return sqlite3_column_type(stmt_.get(), column) == SQLITE_BLOB;
}

std::string Statement::text(int column) const {
  const auto* t = sqlite3_column_text(stmt_.get(), column);
  return t ? std::string(reinterpret_cast<const char*>(t),
                         static_cast<std::size_t>(sqlite3_column_bytes(stmt_.get(), column)))
           : std::string();
}

std::span<const unsigned char> Statement::blob(int column) const {
  const auto* b = static_cast<const unsigned char*>(sqlite3_column_blob(stmt_.get(), column));
  return {b, b ? static_cast<std::size_t>(sqlite3_column_bytes(stmt_.get(), column)) : 0};
}

}  // namespace sahelmap::tiles::sqlite
