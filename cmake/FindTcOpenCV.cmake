# Find the OpenCV 4 modules tuckcam uses without Debian's libopencv-dev
# meta-package (which drags in contrib, VTK and more: hundreds of MB that a
# build never touches). Creates imported targets TcOpenCV::<module>.
find_path(TcOpenCV_INCLUDE_DIR opencv2/core.hpp PATH_SUFFIXES opencv4)
if(TcOpenCV_INCLUDE_DIR)
  file(STRINGS ${TcOpenCV_INCLUDE_DIR}/opencv2/core/version.hpp _v
       REGEX "#define CV_VERSION_(MAJOR|MINOR|REVISION) ")
  foreach(_p MAJOR MINOR REVISION)
    string(REGEX REPLACE ".*CV_VERSION_${_p} +([0-9]+).*" "\\1" _n "${_v}")
    list(APPEND _parts ${_n})
  endforeach()
  list(JOIN _parts "." TcOpenCV_VERSION)
endif()
set(_tc_cv_libs "")
foreach(m IN LISTS TcOpenCV_FIND_COMPONENTS)
  find_library(TcOpenCV_${m}_LIBRARY opencv_${m})
  list(APPEND _tc_cv_libs TcOpenCV_${m}_LIBRARY)
  if(TcOpenCV_${m}_LIBRARY)
    set(TcOpenCV_${m}_FOUND TRUE)
  endif()
endforeach()
include(FindPackageHandleStandardArgs)
find_package_handle_standard_args(TcOpenCV
  REQUIRED_VARS TcOpenCV_INCLUDE_DIR ${_tc_cv_libs}
  VERSION_VAR TcOpenCV_VERSION HANDLE_COMPONENTS)
if(TcOpenCV_FOUND)
  foreach(m IN LISTS TcOpenCV_FIND_COMPONENTS)
    if(NOT TARGET TcOpenCV::${m})
      add_library(TcOpenCV::${m} UNKNOWN IMPORTED)
      set_target_properties(TcOpenCV::${m} PROPERTIES
        IMPORTED_LOCATION ${TcOpenCV_${m}_LIBRARY}
        INTERFACE_SYSTEM_INCLUDE_DIRECTORIES ${TcOpenCV_INCLUDE_DIR}
        INTERFACE_INCLUDE_DIRECTORIES ${TcOpenCV_INCLUDE_DIR})
    endif()
  endforeach()
endif()
