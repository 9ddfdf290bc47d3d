#pragma once

#include <cstddef>
#include <string>

#include "core/scheduler.hpp"

namespace onair::media {

/// One end of a relay connection (a publisher or a viewer socket), as the relay sees it.
/// Implementations queue without blocking and are thread-safe.
class Peer {
 public:
  virtual ~Peer() = default;
  virtual void send(SharedBytes bytes, bool binary) = 0;
  /// Bytes queued for this peer and not yet written.
  virtual std::size_t backlog() const = 0;
  virtual void close(int code, std::string reason) = 0;
};

}  // namespace onair::media
