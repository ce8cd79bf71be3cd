// The values of a request's form checked against its category, and the size limits of what
// people type into requests (issue 10: public writes without limits).
//
// Sizes are counted in characters (Unicode code points of UTF-8 text), as people count them.
// Thread-safety: pure functions.
#pragma once

#include <cstddef>
#include <string_view>
#include <vector>

#include <boost/json/object.hpp>
#include <boost/json/value.hpp>

#include "core/result.hpp"
#include "requests/attachments.hpp"
#include "requests/request.hpp"

namespace guichet::requests {

// A `text`, `address`, `date`, `phone` or `email` field; also Open311's own values.
inline constexpr std::size_t kMaxFieldChars = 2000;
// A `long_text` field, and what a citizen writes: a request's description, a reply.
inline constexpr std::size_t kMaxLongTextChars = 10000;
// Who the citizen is, as a request records it.
inline constexpr std::size_t kMaxCitizenNameChars = 200;
inline constexpr std::size_t kMaxEmailChars = 254;  // RFC 5321's longest path.
inline constexpr std::size_t kMaxPhoneChars = 40;
inline constexpr std::size_t kMaxPostalAddressChars = 500;

// kInvalidArgument (French, naming `label`: "La description dépasse 10 000 caractères.") when
// `text` has more than `max` characters; the error names `field` (Error::field) when given.
Result<void> CheckLength(std::string_view text, std::size_t max, std::string_view label,
                         std::string_view field = {});

// The values to store for a new request of `category`, from the `values` a caller sent (a JSON
// object of values by field key) and the files of the request (`attachments`, each naming a
// file field or none).
//
// - Only the category's fields are kept: keys the form does not have are dropped, not refused.
//   A form loaded before an administrator removed a field must still be sendable, and old
//   clients keep working; what is dropped was never shown to agents anyway. The one exception:
//   for `channel` kOpen311, GeoReport's own values without a field (open311_address,
//   open311_address_id, open311_media_url, open311_account_id, open311_device_id) are kept as
//   strings of at most kMaxFieldChars.
// - A value null, absent or blank is missing: a required field then fails; otherwise it is not
//   stored.
// - Each value has the shape of its type and a size limit: text, address, date, phone (strings
//   of at most kMaxFieldChars, phone kMaxPhoneChars); long_text (kMaxLongTextChars); email (a
//   string with "@", kMaxEmailChars); number (a JSON number, or a decimal string such as "12,5"
//   as the portal sends it); checkbox (true or false); choice (one of the options);
//   multiple_choice (an array of distinct options). Other objects and arrays are refused.
// - A file field's value is the names of its files in `attachments` (what was sent for it is
//   ignored); a required file is asked only of citizens on the portal (`channel` kWeb), since
//   an agent registering a letter or a visit adds it later. A file naming a field that is not a
//   file field of the form is refused.
//
// Errors: kInvalidArgument with a French message naming the field by its label.
Result<boost::json::object> ValidateFormValues(const Category& category,
                                               const boost::json::value& values,
                                               const std::vector<NewAttachment>& attachments,
                                               Channel channel);

// The labels of the checked « urgent » boxes of the form (FieldDef::urgent), in the form's order:
// a request with one is urgent. `values` as ValidateFormValues returns them.
std::vector<std::string> UrgentReasons(const Category& category, const boost::json::object& values);

}  // namespace guichet::requests
