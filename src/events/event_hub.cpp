#include "events/event_hub.hpp"

#include <chrono>

namespace onair::events {

std::uint64_t EventHub::connect(const std::string& user_id, std::shared_ptr<MessageSink> subscriber,
                               const std::string& session) {
  std::lock_guard lock(mutex_);
  auto id = next_id_++;
  sockets_[id] = Socket{user_id, std::move(subscriber), {}, session};
  by_user_[user_id].insert(id);
  return id;
}

void EventHub::disconnect(std::uint64_t socket) {
  std::lock_guard lock(mutex_);
  auto it = sockets_.find(socket);
  if (it == sockets_.end()) return;
  for (const auto& stream : it->second.streams) {
    auto& set = by_stream_[stream];
    set.erase(socket);
    if (set.empty()) by_stream_.erase(stream);
  }
  live_.erase(socket);
  auto& mine = by_user_[it->second.user_id];
  mine.erase(socket);
  if (mine.empty()) by_user_.erase(it->second.user_id);
  sockets_.erase(it);
}

bool EventHub::subscribe(std::uint64_t socket, const std::string& stream_id) {
  std::lock_guard lock(mutex_);
  auto it = sockets_.find(socket);
  if (it == sockets_.end()) return false;
  if (it->second.streams.size() >= kMaxSubscriptions && !it->second.streams.count(stream_id)) return false;
  it->second.streams.insert(stream_id);
  by_stream_[stream_id].insert(socket);
  return true;
}

void EventHub::unsubscribe(std::uint64_t socket, const std::string& stream_id) {
  std::lock_guard lock(mutex_);
  auto it = sockets_.find(socket);
  if (it == sockets_.end()) return;
  it->second.streams.erase(stream_id);
  if (auto s = by_stream_.find(stream_id); s != by_stream_.end()) {
    s->second.erase(socket);
    if (s->second.empty()) by_stream_.erase(s);
  }
}

void EventHub::subscribe_live(std::uint64_t socket) {
  std::lock_guard lock(mutex_);
  if (sockets_.contains(socket)) live_.insert(socket);
}

void EventHub::unsubscribe_live(std::uint64_t socket) {
  std::lock_guard lock(mutex_);
  live_.erase(socket);
}

void EventHub::publish_live(const SharedBytes& message,
                            const std::function<bool(const std::string& user_id)>& allowed) {
  Targets targets;
  {
    std::lock_guard lock(mutex_);
    targets.reserve(live_.size());
    for (auto id : live_) {
      const auto& socket = sockets_.at(id);
      if (allowed(socket.user_id)) targets.push_back(socket.subscriber);
    }
  }
  deliver(targets, message);
}

void EventHub::deliver(const Targets& targets, const SharedBytes& message) const {
  for (const auto& target : targets) {
    if (target->backlog() > max_backlog_) {
      target->close(1008, "event backlog too large; reconnect");
      continue;
    }
    target->send(message, false);
  }
}

void EventHub::expel(const std::string& stream_id, const std::string& user_id, std::int64_t until_ms,
                     const SharedBytes& message) {
  Targets targets;
  {
    std::lock_guard lock(mutex_);
    expelled_[stream_id][user_id] = until_ms;
    auto u = by_user_.find(user_id);
    auto s = by_stream_.find(stream_id);
    if (u != by_user_.end() && s != by_stream_.end()) {
      for (auto id : u->second) {
        if (s->second.erase(id) == 0) continue;
        auto& socket = sockets_.at(id);
        socket.streams.erase(stream_id);
        targets.push_back(socket.subscriber);
      }
      if (s->second.empty()) by_stream_.erase(s);
    }
  }
  deliver(targets, message);
}

void EventHub::sign_out(const std::string& session, const SharedBytes& message) {
  if (session.empty()) return;
  Targets targets;
  {
    std::lock_guard lock(mutex_);
    for (const auto& [id, socket] : sockets_) {
      if (socket.session == session) targets.push_back(socket.subscriber);
    }
  }
  for (const auto& target : targets) {  // outside the lock: closing calls back into disconnect
    target->send(message, false);
    target->close(4001, "signed out");
  }
}

void EventHub::readmit(const std::string& stream_id, const std::string& user_id) {
  std::lock_guard lock(mutex_);
  if (auto s = expelled_.find(stream_id); s != expelled_.end()) {
    s->second.erase(user_id);
    if (s->second.empty()) expelled_.erase(s);
  }
}

void EventHub::publish_stream(const std::string& stream_id, const std::string& author_id,
                              const SharedBytes& message) {
  publish_stream_if(stream_id, author_id, message, [](const std::string&) { return true; });
}

void EventHub::publish_stream_if(const std::string& stream_id, const std::string& author_id,
                                 const SharedBytes& message,
                                 const std::function<bool(const std::string& user_id)>& allowed) {
  Targets targets;
  {
    std::lock_guard lock(mutex_);
    std::set<std::uint64_t> ids;
    const auto* expelled = expelled_.contains(stream_id) ? &expelled_.at(stream_id) : nullptr;
    auto now = std::chrono::duration_cast<std::chrono::milliseconds>(
                   std::chrono::system_clock::now().time_since_epoch()).count();
    if (auto s = by_stream_.find(stream_id); s != by_stream_.end()) {
      for (auto id : s->second) {
        const auto& user = sockets_.at(id).user_id;
        if (expelled != nullptr) {
          if (auto e = expelled->find(user); e != expelled->end() && (e->second == 0 || e->second > now)) continue;
        }
        if (allowed(user)) ids.insert(id);
      }
    }
    if (auto u = by_user_.find(author_id); u != by_user_.end()) ids.insert(u->second.begin(), u->second.end());
    targets.reserve(ids.size());
    for (auto id : ids) targets.push_back(sockets_.at(id).subscriber);
  }
  deliver(targets, message);
}

void EventHub::publish_to_user(const std::string& user_id, const SharedBytes& message) {
  Targets targets;
  {
    std::lock_guard lock(mutex_);
    auto u = by_user_.find(user_id);
    if (u == by_user_.end()) return;
    for (auto id : u->second) targets.push_back(sockets_.at(id).subscriber);
  }
  deliver(targets, message);
}

std::size_t EventHub::sockets() const {
  std::lock_guard lock(mutex_);
  return sockets_.size();
}

bool EventHub::connected(const std::string& user_id) const {
  std::lock_guard lock(mutex_);
  return by_user_.contains(user_id);
}

}  // namespace onair::events
