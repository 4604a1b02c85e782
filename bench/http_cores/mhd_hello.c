/* The smallest GNU libmicrohttpd server that answers like a cached tile (57 KB, keep-alive), with
 * its epoll thread pool of N threads: the other side of bench/http_cores.sh. */
#include <microhttpd.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static char body[57000];

static enum MHD_Result answer(void* cls, struct MHD_Connection* c, const char* url, const char* method,
                              const char* version, const char* upload, size_t* upload_size, void** state) {
  (void)cls, (void)url, (void)method, (void)version, (void)upload, (void)upload_size, (void)state;
  struct MHD_Response* r = MHD_create_response_from_buffer(sizeof body, body, MHD_RESPMEM_PERSISTENT);
  MHD_add_response_header(r, "Content-Type", "image/png");
  enum MHD_Result ret = MHD_queue_response(c, MHD_HTTP_OK, r);
  MHD_destroy_response(r);
  return ret;
}

int main(int argc, char** argv) {
  memset(body, 'x', sizeof body);
  const unsigned threads = argc > 2 ? (unsigned)atoi(argv[2]) : 2;
  struct MHD_Daemon* d = MHD_start_daemon(MHD_USE_EPOLL_INTERNAL_THREAD | MHD_USE_TURBO, (uint16_t)atoi(argv[1]), NULL,
                                          NULL, &answer, NULL, MHD_OPTION_THREAD_POOL_SIZE, threads,
                                          MHD_OPTION_CONNECTION_LIMIT, 60000u, MHD_OPTION_CONNECTION_TIMEOUT, 10u,
                                          MHD_OPTION_END);
  if (!d) return 1;
  for (;;) pause();
}
