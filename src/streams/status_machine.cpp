#include "streams/status_machine.hpp"

namespace onair::streams {

bool can_transition(StreamStatus from, StreamStatus to) {
  using S = StreamStatus;
  switch (from) {
    case S::created: return to == S::live || to == S::ended;
    case S::live: return to == S::interrupted || to == S::ended;
    case S::interrupted: return to == S::live || to == S::ended;
    case S::ended: return false;
  }
  return false;
}

std::vector<StreamStatus> sources_of(StreamStatus to) {
  std::vector<StreamStatus> out;
  for (auto from : {StreamStatus::created, StreamStatus::live, StreamStatus::interrupted,
                    StreamStatus::ended}) {
    if (can_transition(from, to)) out.push_back(from);
  }
  return out;
}

}  // namespace onair::streams
