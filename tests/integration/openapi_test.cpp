// GET /api/openapi.json serves the repository's api/openapi.json (tests/contract checks the
// document itself and the binary's answers against it).

#include "support/api_session.hpp"
#include "support/fixtures.hpp"

namespace onair::testing {
namespace {

class OpenApi : public ApiTest {};

TEST_F(OpenApi, TheServedDocumentIsTheOneInTheRepository) {
  auto served = client()->get("/api/openapi.json");
  ASSERT_EQ(served.status, 200);
  EXPECT_EQ(served.header("content-type"), "application/json");
  EXPECT_EQ(served.header("access-control-allow-origin"), "*");
  EXPECT_EQ(served.body, read_file_bytes(std::string(ONAIR_SOURCE_DIR) + "/api/openapi.json"));
  EXPECT_EQ(served.json.at("openapi").as_string(), "3.1.0");
}

}  // namespace
}  // namespace onair::testing
