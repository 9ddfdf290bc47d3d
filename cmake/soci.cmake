# SOCI 4.0.3 on Debian ships no CMake config, Find module or .pc: build imported targets here.
find_path(SOCI_INCLUDE_DIR soci/soci.h REQUIRED)
find_library(SOCI_CORE_LIBRARY soci_core REQUIRED)
find_library(SOCI_SQLITE3_LIBRARY soci_sqlite3 REQUIRED)
find_library(SOCI_POSTGRESQL_LIBRARY soci_postgresql REQUIRED)

add_library(soci_core UNKNOWN IMPORTED)
set_target_properties(soci_core PROPERTIES
  IMPORTED_LOCATION ${SOCI_CORE_LIBRARY}
  INTERFACE_INCLUDE_DIRECTORIES ${SOCI_INCLUDE_DIR}
  INTERFACE_LINK_LIBRARIES "${CMAKE_DL_LIBS}")
add_library(soci_sqlite3 UNKNOWN IMPORTED)
set_target_properties(soci_sqlite3 PROPERTIES
  IMPORTED_LOCATION ${SOCI_SQLITE3_LIBRARY}
  INTERFACE_LINK_LIBRARIES "soci_core;SQLite::SQLite3")
add_library(soci_postgresql UNKNOWN IMPORTED)
set_target_properties(soci_postgresql PROPERTIES
  IMPORTED_LOCATION ${SOCI_POSTGRESQL_LIBRARY}
  INTERFACE_INCLUDE_DIRECTORIES "${PostgreSQL_INCLUDE_DIRS}"
  INTERFACE_LINK_LIBRARIES "soci_core;${PostgreSQL_LIBRARIES}")
