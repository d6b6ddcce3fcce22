/* formats/formats_impl.h — shared inside formats/ (not installed). */
#ifndef TC_FORMATS_IMPL_H
#define TC_FORMATS_IMPL_H

#include <json-c/json.h>
#include "core/profile.h"

/** A JSON number with `digits` decimals, or NULL (JSON null) for NAN/inf. */
json_object *tc_formats__num(double v, int digits);

/** The profile as {"section": {"key": "value"}}. */
json_object *tc_formats__profile_json(const tc_profile *p);

#endif /* TC_FORMATS_IMPL_H */
