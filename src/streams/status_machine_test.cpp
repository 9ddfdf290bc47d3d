#include "streams/status_machine.hpp"

#include <gtest/gtest.h>

namespace onair::streams {
namespace {

using S = StreamStatus;

TEST(StatusMachine, AllowsOnlyTheDocumentedTransitions) {
  const S all[] = {S::created, S::live, S::interrupted, S::ended};
  int allowed = 0;
  for (S from : all) {
    for (S to : all) allowed += can_transition(from, to);
  }
  EXPECT_EQ(allowed, 6);
  EXPECT_TRUE(can_transition(S::created, S::live));
  EXPECT_TRUE(can_transition(S::created, S::ended));
  EXPECT_TRUE(can_transition(S::live, S::interrupted));
  EXPECT_TRUE(can_transition(S::interrupted, S::live));
  EXPECT_TRUE(can_transition(S::live, S::ended));
  EXPECT_TRUE(can_transition(S::interrupted, S::ended));
}

TEST(StatusMachine, NothingLeavesEnded) {
  for (S to : {S::created, S::live, S::interrupted, S::ended}) EXPECT_FALSE(can_transition(S::ended, to));
}

TEST(StatusMachine, SourcesOfEndedAreEveryOpenStatus) {
  EXPECT_EQ(sources_of(S::ended), (std::vector<S>{S::created, S::live, S::interrupted}));
  EXPECT_EQ(sources_of(S::live), (std::vector<S>{S::created, S::interrupted}));
  EXPECT_TRUE(sources_of(S::created).empty());
}

}  // namespace
}  // namespace onair::streams
