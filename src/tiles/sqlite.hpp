#pragma once
// SQLite with one owner per handle: a database and its prepared statements, every result checked
// and turned into an Error that names the file. Used by the MBTiles reader, sink and merge.
#include <cstdint>
#include <memory>
#include <span>
#include <string>
#include <string_view>

struct sqlite3;
struct sqlite3_stmt;

namespace sahelmap::tiles::sqlite {

class Statement;

class Db {
 public:
  /// @param flags SQLITE_OPEN_* flags
  /// @param shown_as the name errors give the file (a hidden temporary file is named by the file it
  ///        will become); empty: `path`
  /// @throws Error "PATH: cannot open: <why>"
  Db(const std::string& path, int flags, const std::string& shown_as = {});
  Db(const Db&) = delete;  // statements point to their database: it stays where it was made
  Db& operator=(const Db&) = delete;
  sqlite3* get() const { return db_.get(); }
  /// The name errors give the file.
  const std::string& path() const { return path_; }

  /// Runs one or more statements. @throws Error "WHERE: <why>", WHERE being the file's name unless
  /// given (the file a merge is reading from).
  void exec(const std::string& sql, const std::string& where = {}) const;
  /// @throws Error "PATH: <why>"
  Statement prepare(const std::string& sql) const;
  /// The first column of the first row of `sql` as an integer (0 when there is no row).
  std::int64_t count(const std::string& sql) const;

 private:
  struct Close {
    void operator()(sqlite3* db) const;
  };
  std::unique_ptr<sqlite3, Close> db_;
  std::string path_;
};

/// A prepared statement: bind, step, read, reset. Text and blobs are copied by SQLite when bound.
class Statement {
 public:
  Statement& bind(int i, std::int64_t v);
  Statement& bind(int i, std::string_view text);
  Statement& bind(int i, std::span<const unsigned char> blob);
  /// True when a row is there to read, false when the statement is done.
  /// @throws Error "PATH: <what>: <why>" for anything else (a full disk, a constraint).
  bool step(std::string_view what = "query");
  /// Steps a statement that returns no rows.
  void run(std::string_view what) {
    step(what);
    reset();
  }
  /// Ready to run again, bindings cleared.
  void reset();

  std::int64_t integer(int column) const;
  /// Text of a column; empty for NULL.
  std::string text(int column) const;
  bool null(int column) const;
  bool is_blob(int column) const;
  std::span<const unsigned char> blob(int column) const;

 private:
  friend class Db;
  struct Finalize {
    void operator()(sqlite3_stmt* s) const;
  };
  Statement(sqlite3_stmt* s, const Db& db) : stmt_(s), db_(&db) {}
  void check(int rc, std::string_view what) const;
  std::unique_ptr<sqlite3_stmt, Finalize> stmt_;
  const Db* db_;
};

}  // namespace sahelmap::tiles::sqlite
