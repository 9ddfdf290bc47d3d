#pragma once

// Internal to store/: the columns of a joined `users u` row (an item's author), read into a User.

#include <soci/soci.h>

#include "core/model.hpp"

namespace onair::store {

/// The select-list text of an author's columns, in the order AuthorColumns binds them.
inline constexpr const char* kAuthorColumns =
    "u.id, u.handle, u.email, u.display_name, u.is_admin, u.created_at, u.avatar_at";

/// Where a statement's author columns land.
class AuthorColumns {
 public:
  /// Binds the columns of kAuthorColumns as the statement's next outputs.
  void exchange(soci::statement& st) {
    st.exchange(soci::into(user_.id));
    st.exchange(soci::into(user_.handle));
    st.exchange(soci::into(user_.email));
    st.exchange(soci::into(user_.display_name));
    st.exchange(soci::into(is_admin_));
    st.exchange(soci::into(created_));
    st.exchange(soci::into(avatar_, avatar_ind_));
  }
  /// The author of the row just fetched.
  User read() const {
    User u = user_;
    u.is_admin = is_admin_ != 0;
    u.created_at = created_;
    u.avatar_at = avatar_ind_ == soci::i_ok ? std::optional<TimeMs>(avatar_) : std::nullopt;
    return u;
  }

 private:
  User user_;
  long long is_admin_ = 0, created_ = 0, avatar_ = 0;
  soci::indicator avatar_ind_ = soci::i_null;
};

}  // namespace onair::store
