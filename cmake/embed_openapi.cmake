# Writes a C++ source that holds api/openapi.json, served as GET /api/openapi.json.
file(READ ${FILE} doc)
string(FIND "${doc}" ")onair_doc\"" clash)
if(NOT clash EQUAL -1)
  message(FATAL_ERROR "${FILE} contains the raw string's delimiter")
endif()
set(body "// Generated from api/openapi.json; do not edit.\n#include \"api/openapi.hpp\"\n\nnamespace onair::api {\n\nstd::string_view openapi_document() {\n  return R\"onair_doc(${doc})onair_doc\";\n}\n\n}  // namespace onair::api\n")
file(WRITE ${OUT}.tmp "${body}")
file(COPY_FILE ${OUT}.tmp ${OUT} ONLY_IF_DIFFERENT)
