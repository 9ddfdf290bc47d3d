// API.md "Scheduled lives": announce a live ahead, remind me, a calendar feed.

#include "api/context.hpp"
#include "api/json_io.hpp"
#include "schedule/schedule_service.hpp"

namespace onair::api {

json::object render_scheduled(const schedule::Scheduled& s) {
  const auto& r = s.row;
  return json::object{{"id", r.id},
                      {"author", render_user(r.author)},
                      {"title", r.title},
                      {"description", r.description},
                      {"startsAt", format_iso8601(r.starts_at)},
                      {"sensitivity", to_string(r.sensitivity)},
                      {"gating", to_string(r.gating)},
                      {"priceCredits", r.price_credits},
                      {"status", r.status},
                      {"streamId", r.stream_id ? json::value(*r.stream_id) : json::value(nullptr)},
                      {"remindersCount", r.reminders},
                      {"isReminded", s.is_reminded}};
}

namespace {

std::optional<TimeMs> read_time(FieldReader& f, std::string_view key, bool required, Error& error) {
  auto text = f.string(key, required, 1, 40);
  if (!text) return std::nullopt;
  auto parsed = parse_iso8601(*text);
  if (!parsed) error = Error::validation(std::string(key), std::string(key) + " must be an ISO 8601 time");
  return parsed;
}

Result<schedule::ScheduleInput> read_input(const json::object& body) {
  FieldReader f(body);
  schedule::ScheduleInput in;
  Error bad_time;
  auto title = f.string("title", true, 1, 100);
  auto description = f.string("description", false, 0, 2000, TextKind::multiline);
  auto starts = read_time(f, "startsAt", true, bad_time);
  auto sensitivity = f.string("sensitivity", true, 1, 20);
  auto gating = f.string("gating", true, 1, 20);
  auto price = f.integer("priceCredits", false, 0, 100000);
  auto repeat = f.integer("repeatWeeks", false, 0, schedule::kMaxRepeatWeeks);
  if (!f.ok()) return f.take_error();
  if (!starts) return bad_time;
  auto s = parse_sensitivity(*sensitivity);
  if (!s) return Error::validation("sensitivity", "sensitivity must be \"none\" or \"sensitive\"");
  auto g = parse_gating(*gating);
  if (!g) return Error::validation("gating", "gating must be \"public\", \"followers\" or \"paid\"");
  in.title = std::move(*title);
  in.description = description.value_or("");
  in.starts_at = *starts;
  in.sensitivity = *s;
  in.gating = *g;
  in.price_credits = price.value_or(0);
  in.repeat_weeks = static_cast<int>(repeat.value_or(0));
  return in;
}

Result<schedule::SchedulePatch> read_patch(const json::object& body) {
  FieldReader f(body);
  schedule::SchedulePatch patch;
  Error bad_time;
  patch.title = f.string("title", false, 1, 100);
  patch.description = f.string("description", false, 0, 2000, TextKind::multiline);
  // null is absent, as for every other field (a null time used to answer 500).
  bool has_time = body.contains("startsAt") && !body.at("startsAt").is_null();
  patch.starts_at = read_time(f, "startsAt", false, bad_time);
  auto sensitivity = f.string("sensitivity", false, 1, 20);
  auto gating = f.string("gating", false, 1, 20);
  patch.price_credits = f.integer("priceCredits", false, 0, 100000);
  if (!f.ok()) return f.take_error();
  if (has_time && !patch.starts_at) return bad_time;
  if (sensitivity) {
    patch.sensitivity = parse_sensitivity(*sensitivity);
    if (!patch.sensitivity) return Error::validation("sensitivity", "sensitivity must be \"none\" or \"sensitive\"");
  }
  if (gating) {
    patch.gating = parse_gating(*gating);
    if (!patch.gating) return Error::validation("gating", "gating must be \"public\", \"followers\" or \"paid\"");
  }
  return patch;
}

bool plausible_handle(const std::string& handle) { return !handle.empty() && handle.size() <= 30; }

}  // namespace

void register_schedule_routes(http::Router& router, Services& s) {
  auto& schedule = *s.schedule;

  router.add("POST", "/api/scheduled-lives", [&s, &schedule](const http::Request& req, const http::PathParams&) {
    auto user = authenticate(req, s);
    if (!user) return error_response(user.error());
    auto body = parse_object(req);
    if (!body) return error_response(body.error());
    auto input = read_input(*body);
    if (!input) return error_response(input.error());
    auto made = schedule.create(*user, *input);
    if (!made) return error_response(made.error());
    json::array occurrences;
    for (const auto& m : *made) occurrences.push_back(render_scheduled(m));
    return json_response(201, json::object{{"scheduled", render_scheduled(made->front())},
                                           {"occurrences", std::move(occurrences)}});
  });

  router.add("GET", "/api/scheduled-lives/{id}",
             visitor_id_route(s, "Scheduled live", [&schedule](const http::Request&, const User& user, const std::string& id) {
               auto found = schedule.get(is_visitor(user) ? User{} : user, id);
               if (!found) return error_response(found.error());
               return json_response(200, json::object{{"scheduled", render_scheduled(*found)}});
             }));

  router.add("PATCH", "/api/scheduled-lives/{id}",
             id_route(s, "Scheduled live", [&schedule](const http::Request& req, const User& user, const std::string& id) {
               auto body = parse_object(req);
               if (!body) return error_response(body.error());
               auto patch = read_patch(*body);
               if (!patch) return error_response(patch.error());
               auto edited = schedule.edit(user, id, *patch);
               if (!edited) return error_response(edited.error());
               return json_response(200, json::object{{"scheduled", render_scheduled(*edited)}});
             }));

  router.add("DELETE", "/api/scheduled-lives/{id}",
             id_route(s, "Scheduled live", [&schedule](const http::Request&, const User& user, const std::string& id) {
               auto done = schedule.cancel(user, id);
               return done ? no_content() : error_response(done.error());
             }));

  for (bool on : {true, false}) {
    router.add(on ? "POST" : "DELETE", "/api/scheduled-lives/{id}/reminder",
               id_route(s, "Scheduled live", [&schedule, on](const http::Request&, const User& user, const std::string& id) {
                 auto done = schedule.remind(user, id, on);
                 return done ? no_content() : error_response(done.error());
               }));
  }

  router.add("GET", "/api/users/{handle}/scheduled-lives",
             [&s, &schedule](const http::Request& req, const http::PathParams& p) {
               auto user = authenticate_or_visit(req, s);
               if (!user) return error_response(user.error());
               if (!plausible_handle(p["handle"])) return error_response(Error::not_found("User @" + p["handle"]));
               auto list = schedule.upcoming(is_visitor(*user) ? User{} : *user, p["handle"]);
               if (!list) return error_response(list.error());
               json::array items;
               for (const auto& e : *list) items.push_back(render_scheduled(e));
               return json_response(200, json::object{{"items", std::move(items)}});
             });

  router.add("GET", "/api/users/{handle}/schedule.ics",
             [&s, &schedule](const http::Request&, const http::PathParams& p) {
               if (!plausible_handle(p["handle"])) return error_response(Error::not_found("User @" + p["handle"]));
               auto calendar = schedule.calendar(p["handle"], s.config.public_url);
               if (!calendar) return error_response(calendar.error());
               http::Response res;
               res.status = 200;
               res.content_type = "text/calendar; charset=utf-8";
               res.body = std::move(*calendar);
               res.headers.emplace_back("Cache-Control", "public, max-age=300");
               return res;
             });
}

}  // namespace onair::api
