include(CMakePackageConfigHelpers)

set(KEHOACH_CMAKE_DIR "${CMAKE_INSTALL_LIBDIR}/cmake/kehoach")

install(DIRECTORY "${PROJECT_SOURCE_DIR}/include/kehoach" DESTINATION "${CMAKE_INSTALL_INCLUDEDIR}")
install(FILES "${PROJECT_BINARY_DIR}/include/kehoach/version.hpp"
        DESTINATION "${CMAKE_INSTALL_INCLUDEDIR}/kehoach")

install(TARGETS kehoach kehoach_static
  EXPORT kehoachTargets
  LIBRARY DESTINATION "${CMAKE_INSTALL_LIBDIR}"
  ARCHIVE DESTINATION "${CMAKE_INSTALL_LIBDIR}"
  RUNTIME DESTINATION "${CMAKE_INSTALL_BINDIR}"
  INCLUDES DESTINATION "${CMAKE_INSTALL_INCLUDEDIR}")

install(EXPORT kehoachTargets
  NAMESPACE kehoach::
  DESTINATION "${KEHOACH_CMAKE_DIR}")

configure_package_config_file(
  "${PROJECT_SOURCE_DIR}/cmake/kehoachConfig.cmake.in"
  "${PROJECT_BINARY_DIR}/kehoachConfig.cmake"
  INSTALL_DESTINATION "${KEHOACH_CMAKE_DIR}")
write_basic_package_version_file(
  "${PROJECT_BINARY_DIR}/kehoachConfigVersion.cmake"
  COMPATIBILITY SameMinorVersion)
install(FILES
  "${PROJECT_BINARY_DIR}/kehoachConfig.cmake"
  "${PROJECT_BINARY_DIR}/kehoachConfigVersion.cmake"
  DESTINATION "${KEHOACH_CMAKE_DIR}")

# The .pc file finds the prefix relative to itself, so an install can be moved.
file(RELATIVE_PATH KEHOACH_PC_TO_PREFIX "/p/${CMAKE_INSTALL_LIBDIR}/pkgconfig" "/p")
configure_file("${PROJECT_SOURCE_DIR}/cmake/kehoach.pc.in" "${PROJECT_BINARY_DIR}/kehoach.pc" @ONLY)
install(FILES "${PROJECT_BINARY_DIR}/kehoach.pc" DESTINATION "${CMAKE_INSTALL_LIBDIR}/pkgconfig")
