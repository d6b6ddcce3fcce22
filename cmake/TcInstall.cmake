# cmake/TcInstall.cmake — what `cmake --install` puts into the prefix beside
# bin/tuckcam (tools/CMakeLists.txt), and the Debian package (`cpack -G DEB`).
#   share/man/man1/tuckcam.1.gz                   the manual (docs/man/tuckcam.1)
#   share/bash-completion/completions/tuckcam     completion (tools/tuckcam/completion.bash)
#   share/tuckcam/scripts/fetch-models.sh         run by `tuckcam models fetch`
#   share/tuckcam/models/models.sha256, NOTICE,   the pinned hashes it checks,
#     LICENSE-Apache-2.0.txt                      the models' licence
#   share/doc/tuckcam/                            install.md, cluster.md
include(GNUInstallDirs)

# The manual compressed as Debian wants it (gzip -9n: no name, no time).
find_program(TC_GZIP gzip REQUIRED)
set(tc_man_gz ${PROJECT_BINARY_DIR}/tuckcam.1.gz)
add_custom_command(OUTPUT ${tc_man_gz}
                   COMMAND ${CMAKE_COMMAND} -E copy ${PROJECT_SOURCE_DIR}/docs/man/tuckcam.1
                           ${PROJECT_BINARY_DIR}/tuckcam.1
                   COMMAND ${TC_GZIP} -9nf ${PROJECT_BINARY_DIR}/tuckcam.1
                   DEPENDS ${PROJECT_SOURCE_DIR}/docs/man/tuckcam.1 VERBATIM)
add_custom_target(tc_man ALL DEPENDS ${tc_man_gz})
install(FILES ${tc_man_gz} DESTINATION ${CMAKE_INSTALL_MANDIR}/man1)
install(FILES ${PROJECT_SOURCE_DIR}/tools/tuckcam/completion.bash
        DESTINATION ${CMAKE_INSTALL_DATADIR}/bash-completion/completions RENAME tuckcam)
install(PROGRAMS ${PROJECT_SOURCE_DIR}/scripts/fetch-models.sh
        DESTINATION ${CMAKE_INSTALL_DATADIR}/tuckcam/scripts)
install(FILES ${PROJECT_SOURCE_DIR}/models/models.sha256 ${PROJECT_SOURCE_DIR}/models/NOTICE
              ${PROJECT_SOURCE_DIR}/models/LICENSE-Apache-2.0.txt
        DESTINATION ${CMAKE_INSTALL_DATADIR}/tuckcam/models)
install(FILES ${PROJECT_SOURCE_DIR}/docs/install.md ${PROJECT_SOURCE_DIR}/docs/cluster.md
        DESTINATION ${CMAKE_INSTALL_DOCDIR})

# cpack -G DEB: Depends derived by dpkg-shlibdeps from the binary's shared
# libraries (libopencv-dnn406, libavcodec59, ...: what the machine that
# builds it has), so they cannot drift from what is linked.
set(TC_DEB_MAINTAINER "tuckcam developers <tuckcam@localhost>" CACHE STRING
    "Maintainer field of the Debian package")
set(CPACK_GENERATOR DEB)
set(CPACK_PACKAGE_NAME tuckcam)
set(CPACK_PACKAGE_VERSION ${PROJECT_VERSION})
set(CPACK_PACKAGE_CONTACT ${TC_DEB_MAINTAINER})
set(CPACK_PACKAGE_DESCRIPTION_SUMMARY "chin-tuck exercise scoring from a webcam or video")
set(CPACK_DEBIAN_PACKAGE_DESCRIPTION
    "tuckcam watches chin tucks (the exercise for forward head posture) at a\nwebcam or in videos and scores each repetition: depth, nodding, shoulders,\ntempo, hold. Live feedback, recording for the therapist, batch scoring of\nfolders (also as Slurm array jobs) and an HTML report. Not a medical\ndevice. The MediaPipe models are fetched once with `tuckcam models fetch`.")
set(CPACK_DEBIAN_PACKAGE_SECTION science)
set(CPACK_DEBIAN_FILE_NAME DEB-DEFAULT)
set(CPACK_DEBIAN_PACKAGE_SHLIBDEPS ON)
# `tuckcam models fetch` runs bash and npm (npm pack over https)
set(CPACK_DEBIAN_PACKAGE_DEPENDS "bash")
set(CPACK_DEBIAN_PACKAGE_RECOMMENDS "npm, ca-certificates")
set(CPACK_DEBIAN_PACKAGE_SUGGESTS "bash-completion, man-db")
set(CPACK_PACKAGING_INSTALL_PREFIX /usr)
set(CPACK_STRIP_FILES ON)
include(CPack)
