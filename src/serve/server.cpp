#include "serve/server.hpp"

#include <sys/resource.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/strand.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <cerrno>
#include <cstdio>
#include <cstring>
#include <ctime>
#include <list>
#include <mutex>
#include <optional>
#include <thread>
#include <unordered_map>

#include "serve/http_request.hpp"
#include "serve/limits.hpp"
#include "serve/routes.hpp"
#include "util/bounded_queue.hpp"
#include "util/error.hpp"

namespace sahelmap::serve {

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace http = beast::http;
using tcp = asio::ip::tcp;

namespace {

std::chrono::steady_clock::duration seconds(double s) {
  return std::chrono::duration_cast<std::chrono::steady_clock::duration>(std::chrono::duration<double>(s));
}

std::int64_t now_ns() {
  return std::chrono::duration_cast<std::chrono::nanoseconds>(std::chrono::steady_clock::now().time_since_epoch())
      .count();
}

// Renders (and tile reads) run here, never on the I/O threads: a fixed number of workers and a
// bounded queue, full meaning 503 rather than a growing backlog.
class WorkerPool {
 public:
  WorkerPool(int threads, std::size_t capacity) : jobs_(capacity) {
    for (int i = 0; i < threads; ++i)
      workers_.emplace_back([this] {
        for (std::function<void()> job; jobs_.pop(job) == Jobs::Pop::Item; job = nullptr)
          job();  // drop its captures now
      });
  }
  ~WorkerPool() { close(); }
  bool try_submit(std::function<void()> job) { return jobs_.try_push(job); }
  std::size_t queued() { return jobs_.size(); }
  void close() {
    jobs_.close();  // the workers finish what is queued, then stop
    for (auto& t : workers_)
      if (t.joinable()) t.join();
  }

 private:
  using Jobs = BoundedQueue<std::function<void()>>;
  Jobs jobs_;
  std::vector<std::thread> workers_;
};

// One line per request in the common log format; the request line escaped (it is the client's).
class AccessLog {
 public:
  explicit AccessLog(const std::string& where) {
    if (where.empty()) return;
    if (where == "-") {
      f_ = stdout;
      return;
    }
    f_ = std::fopen(where.c_str(), "ae");
    if (!f_) throw Error("--access-log " + where + ": cannot open: " + std::strerror(errno));
    owned_ = true;
  }
  ~AccessLog() {
    if (owned_) std::fclose(f_);
  }
  bool on() const { return f_ != nullptr; }
  void line(const std::string& address, const std::string& request_line, unsigned status, std::uint64_t bytes) {
    char when[64];
    const std::time_t now = std::time(nullptr);
    std::tm tm{};
    ::gmtime_r(&now, &tm);
    std::strftime(when, sizeof when, "%d/%b/%Y:%H:%M:%S +0000", &tm);
    const std::string size = bytes ? std::to_string(bytes) : "-";
    std::lock_guard lock(m_);
    std::fprintf(f_, "%s - - [%s] \"%s\" %u %s\n", address.c_str(), when, request_line.c_str(), status, size.c_str());
    std::fflush(f_);
  }

 private:
  std::FILE* f_ = nullptr;
  bool owned_ = false;
  std::mutex m_;
};

// What every connection shares.
struct Shared {
  ServeOptions opt;
  Routes routes;
  ConnectionLimits connections;
  RateLimiter rate;
  AccessLog log;
  WorkerPool pool;
  std::atomic<bool> stopping{false};
  std::atomic<std::uint64_t> refused{0};
  Shared(const ServeOptions& o, const ServeData& d)
      : opt(o),
        routes(o, d),
        connections(o.max_connections, o.max_connections_per_address),
        rate(o.rate, o.burst),
        log(o.access_log),
        pool(o.threads > 0 ? o.threads : static_cast<int>(std::max(1u, std::thread::hardware_concurrency())), o.queue) {
  }
};

// One connection: read a request, answer it (now, or when a worker has made the reply), again
// while the client keeps the connection alive. Everything runs on the connection's strand.
class Session : public std::enable_shared_from_this<Session> {
 public:
  Session(tcp::socket socket, Shared& s, std::string address, std::function<void(Session*)> on_close)
      : stream_(std::move(socket)), s_(s), address_(std::move(address)), on_close_(std::move(on_close)) {}
  ~Session() {
    s_.connections.release(address_);
    on_close_(this);
  }

  void start() {
    asio::dispatch(stream_.get_executor(), [self = shared_from_this()] { self->read(); });
  }

  // From the sweeper: a client past its deadline (headers not sent in time, a reply not read).
  bool expired(std::int64_t now) const {
    const std::int64_t d = deadline_.load(std::memory_order_relaxed);
    return d != 0 && now > d;
  }
  void close_if_expired() {
    asio::post(stream_.get_executor(), [self = shared_from_this()] {
      if (self->expired(now_ns())) self->close();
    });
  }

  // From stop(): an idle connection closes now, a busy one after its reply.
  void close_if_idle() {
    asio::post(stream_.get_executor(), [self = shared_from_this()] {
      if (!self->busy_) self->close();
    });
  }

 private:
  void read() {
    busy_ = false;
    if (s_.stopping) return close();
    parser_.emplace();
    parser_->header_limit(static_cast<std::uint32_t>(s_.opt.max_header_bytes));
    parser_->body_limit(64 * 1024);
    arm(s_.opt.header_timeout);
    http::async_read(stream_, buffer_, *parser_,
                     [self = shared_from_this()](beast::error_code ec, std::size_t) { self->on_read(ec); });
  }

  void on_read(beast::error_code ec) {
    if (ec == http::error::header_limit) {
      // A request line too long (414) or too many headers (431): Beast parses the line (and
      // consumes it) before it looks for the end of the headers.
      const bool line = parser_->get().target().empty();
      return fail(line ? 414 : 431, line ? "request line too long\n" : "request headers too large\n");
    }
    if (ec == http::error::body_limit) return fail(413, "request body too large\n");
    if (ec == http::error::end_of_stream || ec == http::error::partial_message || ec == beast::error::timeout ||
        ec == asio::error::operation_aborted || ec == asio::error::connection_reset || ec == asio::error::eof)
      return close();
    if (ec) return fail(400, "bad request\n");
    busy_ = true;
    disarm();  // from here until the reply is written, the time is the server's
    const auto& req = parser_->get();
    keep_alive_ = req.keep_alive();
    head_ = req.method() == http::verb::head;
    if (s_.log.on())  // only for the log: not on every request's path otherwise
      request_line_ = log_escape(std::string(req.method_string()) + " " + std::string(req.target()) + " HTTP/" +
                                 std::to_string(req.version() / 10) + "." + std::to_string(req.version() % 10));
    if (req.method() != http::verb::get && !head_) {
      Reply r = Reply::text(405, "only GET and HEAD\n");
      r.header("Allow", "GET, HEAD");
      return send(std::move(r));
    }
    if (!s_.rate.allow(address_)) {
      Reply r = Reply::text(429, "too many requests from " + address_ + "; slow down\n");
      r.header("Retry-After", std::to_string(s_.rate.retry_after()));
      return send(std::move(r));
    }
    Request q;
    const std::string_view target(req.target().data(), req.target().size());
    const std::size_t mark = target.find('?');
    q.method = head_ ? "HEAD" : "GET";
    q.path = std::string(target.substr(0, mark));
    if (mark != std::string_view::npos) {
      auto query = parse_query(target.substr(mark + 1));
      if (!query) return send(Reply::text(400, "malformed query string\n"));
      q.query = std::move(*query);
    }
    q.host = std::string(req[http::field::host]);
    q.if_none_match = std::string(req[http::field::if_none_match]);
    q.has_range = req.find(http::field::range) != req.end();
    q.range = std::string(req[http::field::range]);
    if (q.path == "/healthz" || q.path == "/health") return send(health());
    Routed routed;
    try {
      routed = s_.routes.route(q);
    } catch (const std::exception&) {
      return send(Reply::text(500, "internal error\n"));
    }
    if (!routed.later) return send(std::move(routed.reply));
    auto job = [self = shared_from_this(), later = std::move(routed.later)] {
      Reply r;
      try {
        r = later();
      } catch (const std::exception&) {
        r = Reply::text(500, "internal error\n");
      }
      asio::post(self->stream_.get_executor(), [self, r = std::move(r)]() mutable { self->send(std::move(r)); });
    };
    if (!s_.pool.try_submit(std::move(job))) {
      Reply r = Reply::text(503, "busy: too many tiles waiting to be drawn; try again\n");
      r.header("Retry-After", "1");
      send(std::move(r));
    }
  }

  Reply health() const {
    Reply r{.type = "application/json"};
    r.body = "{\"status\":\"" + std::string(s_.stopping ? "stopping" : "ok") +
             "\",\"connections\":" + std::to_string(s_.connections.open()) +
             ",\"queued\":" + std::to_string(s_.pool.queued()) + ",\"refused\":" + std::to_string(s_.refused) + "}\n";
    r.status = s_.stopping ? 503 : 200;
    r.header("Cache-Control", "no-cache");
    return r;
  }

  // A request that cannot be read: answered, then the connection closed.
  void fail(unsigned status, std::string text) {
    busy_ = true;
    keep_alive_ = false;
    head_ = false;
    request_line_ = "-";
    send(Reply::text(status, std::move(text)));
  }

  template <class Message>
  void fill_headers(Message& m, const Reply& r) {
    m.version(11);
    m.result(r.status);
    m.set(http::field::server, "sahelmap");
    if (!r.type.empty() && r.status != 204 && r.status != 304) m.set(http::field::content_type, r.type);
    for (const auto& [k, v] : r.headers) m.insert(k, v);
    m.keep_alive(keep_alive_ && !s_.stopping);
  }

  void send(Reply r) {
    status_ = r.status;
    bytes_ = (head_ || r.status == 204 || r.status == 304) ? 0 : r.length();
    if (r.file_fd >= 0 && !head_) return send_file(r);
    res_ = {};
    fill_headers(res_, r);
    const std::uint64_t length = r.length();
    // The body is the reply's own string or a cached tile's bytes, kept here until written.
    body_ = std::move(r.body);
    tile_ = std::move(r.tile);
    res_.body().data = nullptr;
    res_.body().size = 0;
    res_.body().more = false;
    if (r.status != 204 && r.status != 304) {
      res_.content_length(length);  // for HEAD too: the length a GET would have, and no body
      if (!head_ && bytes_ > 0) {
        // buffer_body's pointer is not const, but a reply is only read from.
        res_.body().data = tile_ ? const_cast<unsigned char*>(tile_->png.data()) : static_cast<void*>(body_.data());
        res_.body().size = static_cast<std::size_t>(bytes_);
      }
    }
    arm(s_.opt.write_timeout);
    http::async_write(stream_, res_,
                      [self = shared_from_this()](beast::error_code ec, std::size_t) { self->on_write(ec); });
  }

  // A slice of a file, 64 KB at a time: a large archive never sits in memory.
  void send_file(const Reply& r) {
    res_ = {};
    fill_headers(res_, r);
    res_.content_length(r.file_length);
    res_.body().data = nullptr;
    res_.body().more = true;
    file_fd_ = r.file_fd;
    file_at_ = r.file_offset;
    file_left_ = r.file_length;
    file_sr_.emplace(res_);
    arm(s_.opt.write_timeout);
    http::async_write_header(stream_, *file_sr_, [self = shared_from_this()](beast::error_code ec, std::size_t) {
      if (ec) return self->close();
      self->pump();
    });
  }

  void pump() {
    if (file_left_ == 0) {
      res_.body().data = nullptr;
      res_.body().more = false;
    } else {
      chunk_.resize(64 * 1024);
      const ssize_t n = ::pread(file_fd_, chunk_.data(), std::min<std::uint64_t>(chunk_.size(), file_left_),
                                static_cast<off_t>(file_at_));
      if (n <= 0) return close();  // the file shrank under us: cut the reply short rather than lie
      file_at_ += static_cast<std::uint64_t>(n);
      file_left_ -= static_cast<std::uint64_t>(n);
      res_.body().data = chunk_.data();
      res_.body().size = static_cast<std::size_t>(n);
      res_.body().more = true;
    }
    arm(s_.opt.write_timeout);
    const bool last = !res_.body().more;
    http::async_write(stream_, *file_sr_, [self = shared_from_this(), last](beast::error_code ec, std::size_t) {
      if (ec == http::error::need_buffer) ec = {};
      if (ec) return self->close();
      if (last) return self->on_write({});
      self->pump();
    });
  }

  void on_write(beast::error_code ec) {
    if (s_.log.on()) s_.log.line(address_, request_line_, status_, ec ? 0 : bytes_);
    file_sr_.reset();
    if (ec || !keep_alive_ || s_.stopping) return close();
    read();
  }

  void close() {
    beast::error_code ignored;
    stream_.socket().shutdown(tcp::socket::shutdown_send, ignored);
    stream_.close();
  }

  // Deadlines are checked by the server's sweeper (every 250 ms), not by a timer per read and
  // write: arming and cancelling timers twice a request cost a tenth of the throughput.
  void arm(double seconds) {
    deadline_.store(now_ns() + static_cast<std::int64_t>(seconds * 1e9), std::memory_order_relaxed);
  }
  void disarm() { deadline_.store(0, std::memory_order_relaxed); }

  beast::tcp_stream stream_;
  std::atomic<std::int64_t> deadline_{0};  // steady clock, ns; 0: none
  beast::flat_buffer buffer_;
  Shared& s_;
  std::string address_;
  std::function<void(Session*)> on_close_;
  std::optional<http::request_parser<http::string_body>> parser_;
  http::response<http::buffer_body> res_;  // every reply: a body that points at bytes kept below
  std::string body_;
  tiles::TilePtr tile_;
  std::optional<http::response_serializer<http::buffer_body>> file_sr_;
  std::vector<char> chunk_;
  int file_fd_ = -1;
  std::uint64_t file_at_ = 0, file_left_ = 0;
  bool busy_ = false, keep_alive_ = true, head_ = false;
  unsigned status_ = 0;
  std::uint64_t bytes_ = 0;
  std::string request_line_;
};

}  // namespace

struct TileServer::Impl {
  // Declared before the io_context: sessions its destructor frees still reach these.
  Shared shared;
  std::mutex sessions_m;
  std::list<std::weak_ptr<Session>> sessions;
  std::unordered_map<Session*, std::list<std::weak_ptr<Session>>::iterator> where;
  bool draining = false, finished = false;  // under sessions_m
  asio::io_context ioc;
  // The acceptor and the shutdown's timers on one strand: accepting and stopping never race.
  asio::strand<asio::io_context::executor_type> control{asio::make_strand(ioc)};
  tcp::acceptor acceptor{control};
  asio::steady_timer drain{control}, retry{control}, sweep{control};

  Impl(const ServeOptions& o, const ServeData& d) : shared(o, d), ioc(io_threads()) {}
  ~Impl() {
    shared.pool.close();  // no worker posts to the io_context once it is gone
    std::lock_guard lock(sessions_m);
    finished = true;
  }

  static int io_threads() { return static_cast<int>(std::clamp(std::thread::hardware_concurrency(), 1u, 4u)); }

  void accept() {
    acceptor.async_accept(asio::make_strand(ioc), [this](beast::error_code ec, tcp::socket socket) {
      if (ec == asio::error::operation_aborted || !acceptor.is_open()) return;
      if (ec) {  // out of file descriptors, most likely: try again shortly rather than spin
        retry.expires_after(std::chrono::milliseconds(50));
        retry.async_wait([this](beast::error_code e) {
          if (!e) accept();
        });
        return;
      }
      admit(std::move(socket));
      accept();
    });
  }

  // Closes the connections past their deadlines, four times a second.
  void sweep_expired() {
    sweep.expires_after(std::chrono::milliseconds(250));
    sweep.async_wait([this](beast::error_code ec) {
      if (ec || shared.stopping) return;
      const std::int64_t now = now_ns();
      std::vector<std::shared_ptr<Session>> late;
      {
        std::lock_guard lock(sessions_m);
        for (auto& w : sessions)
          if (auto s = w.lock(); s && s->expired(now)) late.push_back(std::move(s));
      }
      for (auto& s : late) s->close_if_expired();
      sweep_expired();
    });
  }

  void admit(tcp::socket socket) {
    beast::error_code ec;
    const auto peer = socket.remote_endpoint(ec);
    if (ec) return;
    std::string address = peer.address().to_string();
    socket.set_option(tcp::no_delay(true), ec);  // else delayed ACKs add 40 ms to keep-alive requests
    const auto admitted = shared.connections.admit(address);
    if (admitted != ConnectionLimits::Admit::Yes) {
      // Refused before reading anything: one small write that fits any socket buffer, then close.
      ++shared.refused;
      static const std::string busy =
          "HTTP/1.1 503 Service Unavailable\r\nRetry-After: 5\r\nContent-Type: text/plain\r\nConnection: "
          "close\r\nContent-Length: 35\r\n\r\ntoo many connections; try again\r\n\r\n";
      socket.non_blocking(true, ec);
      asio::write(socket, asio::buffer(busy), ec);
      socket.shutdown(tcp::socket::shutdown_send, ec);
      socket.close(ec);
      if (shared.log.on()) shared.log.line(address, "-", 503, busy.size());
      return;
    }
    auto session = std::make_shared<Session>(std::move(socket), shared, std::move(address),
                                             [this](Session* gone) { forget(gone); });
    {
      std::lock_guard lock(sessions_m);
      where[session.get()] = sessions.insert(sessions.end(), session);
    }
    session->start();
  }

  void forget(Session* gone) {
    std::lock_guard lock(sessions_m);
    const auto it = where.find(gone);
    if (it == where.end()) return;
    sessions.erase(it->second);
    where.erase(it);
    if (draining && !finished && sessions.empty()) asio::post(control, [this] { drain.cancel(); });
  }

  // On the I/O threads: no new connections, idle ones closed, busy ones closed after their reply;
  // whatever is left at the deadline is cut.
  void begin_stop() {
    shared.stopping = true;
    beast::error_code ec;
    acceptor.close(ec);
    retry.cancel();
    sweep.cancel();
    std::vector<std::shared_ptr<Session>> open;
    {
      std::lock_guard lock(sessions_m);
      draining = true;
      for (auto& w : sessions)
        if (auto s = w.lock()) open.push_back(std::move(s));
    }
    if (open.empty()) return;
    // Armed before any session closes: the last one to go cancels it (on this strand, after this).
    drain.expires_after(seconds(shared.opt.shutdown_deadline));
    drain.async_wait([this](beast::error_code e) {
      if (!e) ioc.stop();  // the deadline passed with requests still in flight
    });
    for (auto& s : open) s->close_if_idle();
  }
};

TileServer::TileServer(const ServeOptions& options, const ServeData& data)
    : impl_(std::make_unique<Impl>(options, data)) {}

TileServer::~TileServer() = default;

int TileServer::bind() {
  Impl& s = *impl_;
  // Idle connections cost a descriptor each: take what the system allows.
  rlimit fds{};
  if (::getrlimit(RLIMIT_NOFILE, &fds) == 0 && fds.rlim_cur < fds.rlim_max) {
    fds.rlim_cur = fds.rlim_max;
    ::setrlimit(RLIMIT_NOFILE, &fds);
  }
  const std::string where = s.shared.opt.bind + ":" + std::to_string(s.shared.opt.port);
  beast::error_code ec;
  const auto address = asio::ip::make_address(s.shared.opt.bind, ec);
  if (ec) throw Error("cannot listen on " + where + ": not an IP address");
  const tcp::endpoint endpoint(address, static_cast<unsigned short>(s.shared.opt.port));
  s.acceptor.open(endpoint.protocol(), ec);
  if (!ec) s.acceptor.set_option(asio::socket_base::reuse_address(true), ec);  // SO_REUSEADDR, never SO_REUSEPORT
  if (!ec) s.acceptor.bind(endpoint, ec);
  if (ec == asio::error::address_in_use) throw Error(where + " is in use");
  if (!ec) s.acceptor.listen(asio::socket_base::max_listen_connections, ec);
  if (ec) throw Error("cannot listen on " + where + ": " + ec.message());
  const int port = s.acceptor.local_endpoint().port();
  s.shared.opt.port = port;
  s.shared.routes.set_port(port);
  return port;
}

void TileServer::run() {
  Impl& s = *impl_;
  if (s.shared.stopping) return;
  asio::post(s.control, [&s] {
    s.accept();
    s.sweep_expired();
  });
  std::vector<std::thread> io;
  for (int i = 1; i < Impl::io_threads(); ++i) io.emplace_back([&s] { s.ioc.run(); });
  s.ioc.run();
  for (auto& t : io) t.join();
  s.shared.pool.close();
}

void TileServer::stop() {
  Impl& s = *impl_;
  s.shared.stopping = true;  // a run() that has not started will not
  asio::post(s.control, [&s] { s.begin_stop(); });
}

}  // namespace sahelmap::serve
