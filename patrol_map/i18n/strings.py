"""The app's texts: key -> (Vietnamese, English)."""

from __future__ import annotations

STRINGS: dict[str, tuple[str, str]] = {
    "app_title": ("Bản đồ tuần tra phối hợp", "Joint patrol map"),
    "language": ("Ngôn ngữ", "Language"),
    "page_overview": ("Tổng quan", "Overview"),
    "page_hotspots": ("Điểm nóng", "Hotspots"),
    "page_plan": ("Kế hoạch tuần", "Weekly plan"),
    "page_province": ("Toàn tỉnh", "Province"),
    "province_empty": (
        "Máy chủ chưa có xã nào (patrol-map province demo hoặc patrol-map sync).",
        "The server holds no commune yet (patrol-map province demo or patrol-map sync).",
    ),
    "province_choose": ("Tỉnh (mã)", "Province (code)"),
    "province_reading": ("Đang đọc dữ liệu các xã…", "Reading the communes' data…"),
    "province_caption": (
        "{communes}/{total} xã có dữ liệu trên máy chủ; vụ việc 12 tháng đến hết tuần đã chọn; điểm nóng "
        "theo lần chạy dự báo gần nhất (patrol-map batch forecast); màu xám: xã chưa có dữ liệu.",
        "{communes}/{total} communes hold data on the server; incidents of the 12 months to the chosen "
        "week's end; hotspots as the last forecast run stored them (patrol-map batch forecast); grey: no "
        "data yet.",
    ),
    "province_col_ma_xa": ("Mã xã", "Code"),
    "province_col_ten_xa": ("Xã", "Commune"),
    "province_col_villages": ("Số thôn", "Villages"),
    "province_col_area_km2": ("Diện tích (km²)", "Area (km²)"),
    "province_col_incidents_year": ("Vụ việc 12 tháng", "Incidents, 12 months"),
    "province_col_incidents_per_km2": ("Vụ/km²", "Per km²"),
    "province_col_hot_cells": ("Ô điểm nóng (95%)", "Hot cells (95%)"),
    "province_col_patrols": ("Lượt tổ trong tuần", "Team patrols in the week"),
    "province_col_stops_planned": ("Điểm dừng kế hoạch", "Stops planned"),
    "province_col_stops_visited": ("Điểm đã đến", "Stops visited"),
    "province_col_visited_share": ("Tỉ lệ đã đến", "Share visited"),
    "map_communes": ("Các xã", "Communes"),
    "map_province_hot_cells": ("Ô điểm nóng Gi* (95%) của các xã", "The communes' Gi* hot cells (95%)"),
    "province_categories": (
        "Vụ việc 12 tháng theo loại, theo xã",
        "Incidents of the 12 months by type and commune",
    ),
    "province_col_total": ("Tổng", "Total"),
    "province_open": ("Xem một xã", "Open a commune"),
    "province_open_none": ("— chọn xã —", "— choose a commune —"),
    "province_opened": (
        "Đang xem xã {name} ({code}): các trang của xã ở thanh bên trái.",
        "Showing commune {name} ({code}): its pages are in the sidebar.",
    ),
    "map_density_class": ("{low:g}–{high:g} vụ/km²", "{low:g}–{high:g} incidents per km²"),
    "map_density_top": ("từ {low:g} vụ/km²", "{low:g} incidents per km² or more"),
    "map_density_none": ("chưa có dữ liệu", "no data yet"),
    "page_import": ("Nhập dữ liệu", "Import data"),
    "page_coverage": ("Kết quả tuần tra", "Patrols done"),
    "coverage_visited": ("Đã ghé đúng giờ", "Visited on time"),
    "coverage_late": ("Ghé muộn (quá 15 phút)", "Late (over 15 minutes)"),
    "coverage_missed": ("Bỏ sót", "Missed"),
    "coverage_unconfirmed": ("Đã ký nhưng vết GPS không qua", "Signed, but the GPS track never came"),
    "coverage_unpatrolled": ("Rủi ro cao, không ai tuần tra", "High risk, not patrolled"),
    "coverage_under": ("Rủi ro cao, tuần tra ít", "High risk, patrolled little"),
    "coverage_covered": ("Rủi ro cao, đã tuần tra", "High risk, patrolled"),
    "coverage_risk": ("Số vụ dự kiến", "Incidents expected"),
    "coverage_patrols": ("Lượt tuần tra qua", "Patrols through it"),
    "coverage_fair": ("Lượt đáng có theo rủi ro", "Patrols its risk warrants"),
    "layer_hotspot_coverage": ("Điểm nóng và tuần tra", "Hotspots and patrols"),
    "layer_tracks": ("Vết GPS thực tế", "GPS tracks recorded"),
    "layer_stop_states": ("Điểm dừng theo kế hoạch", "Planned stops"),
    "coverage_no_plan": (
        "Tuần {week} chưa có kế hoạch; lập kế hoạch rồi nhập vết GPS hoặc sổ ký để xem kết quả.",
        "Week {week} has no plan; make one, then import GPS tracks or check-in sheets to see what was done.",
    ),
    "coverage_no_record": (
        "Chưa có vết GPS hay sổ ký nào của tuần này: mọi điểm đều tính là bỏ sót. Nhập ở trang Nhập dữ liệu, "
        "hoặc ghi sổ ký ngay dưới đây.",
        "No GPS track or check-in sheet of this week yet: every stop counts as missed. Import them on the "
        "Import page, or type a sheet in below.",
    ),
    "coverage_rounds": ("Đợt tuần tra", "Patrol rounds"),
    "coverage_person_turns": ("Lượt người", "Person-turns"),
    "coverage_stops": ("Điểm đúng giờ / muộn / bỏ sót", "Stops on time / late / missed"),
    "coverage_risk_share": ("Rủi ro đã phủ", "Risk covered"),
    "coverage_by_team": ("Theo tổ", "By team"),
    "coverage_by_force": ("Theo lực lượng", "By force"),
    "coverage_by_week": ("Đợt tuần tra và lượt người theo tuần", "Rounds and person-turns by week"),
    "coverage_source": ("Nguồn", "Source"),
    "coverage_source_gps": ("GPS", "GPS"),
    "coverage_source_checkin": ("Sổ ký", "Check-in sheet"),
    "coverage_source_none": ("Không có", "None"),
    "coverage_km": ("Km", "Km"),
    "coverage_hours": ("Giờ", "Hours"),
    "coverage_off_plan": ("Qua điểm ngoài kế hoạch", "Off-plan places passed"),
    "coverage_sheet": ("Ghi sổ ký tuần tra", "Type in a check-in sheet"),
    "coverage_sheet_help": (
        "Mỗi dòng: lượt tuần tra, địa điểm đã ký, giờ ký (21:30). Lưu như nhập một sổ ký.",
        "One line per signature: the patrol, the place signed at, the time (21:30). Saved as an imported "
        "sheet.",
    ),
    "coverage_sheet_save": ("Lưu sổ ký", "Save the sheet"),
    "import_kind": ("Loại dữ liệu", "What the file holds"),
    "import_kind_villages": ("Ranh giới thôn", "Village boundaries"),
    "import_kind_roads": ("Đường", "Roads"),
    "import_kind_places": ("Địa điểm (trụ sở, chợ, trường…)", "Places (bases, markets, schools…)"),
    "import_kind_incidents": ("Vụ việc", "Incidents"),
    "import_kind_people": ("Công an và dân quân", "Police and militia"),
    "import_file": ("Tệp", "File"),
    "import_sheet": ("Trang tính (bảng tính; để trống: trang đầu)", "Sheet (spreadsheets; empty: the first)"),
    "import_crs": (
        "Hệ tọa độ (nếu tệp không ghi, ví dụ EPSG:9211)",
        "CRS (when the file states none, e.g. EPSG:9211)",
    ),
    "field_incident_id": ("Mã vụ việc", "Incident id"),
    "field_date": ("Ngày xảy ra", "Date"),
    "field_time": ("Giờ", "Time"),
    "field_part_of_day": ("Buổi", "Part of the day"),
    "field_category": ("Loại vụ việc", "Category"),
    "field_source": ("Nguồn tin", "Source"),
    "field_village": ("Thôn", "Village"),
    "field_commune": ("Xã", "Commune"),
    "field_lon": ("Kinh độ", "Longitude"),
    "field_lat": ("Vĩ độ", "Latitude"),
    "field_x": ("Tọa độ X", "X"),
    "field_y": ("Tọa độ Y", "Y"),
    "field_person_id": ("Mã người", "Person id"),
    "field_name": ("Tên", "Name"),
    "field_force": ("Lực lượng", "Force"),
    "field_rank": ("Cấp bậc", "Rank"),
    "field_phone": ("Điện thoại", "Phone"),
    "field_availability": ("Lịch có thể trực", "Availability"),
    "field_leave": ("Ngày nghỉ", "Leave"),
    "field_can_lead": ("Được làm tổ trưởng", "May lead a team"),
    "field_place_id": ("Mã địa điểm", "Place id"),
    "field_kind": ("Loại địa điểm", "Kind"),
    "field_priority": ("Mức ưu tiên", "Priority"),
    "field_hours": ("Khung giờ", "Hours"),
    "field_days": ("Ngày trong tuần", "Days"),
    "field_patrol_id": ("Mã lượt tuần tra", "Patrol id"),
    "field_shift": ("Ca", "Shift"),
    "field_team": ("Tổ", "Team"),
    "field_place": ("Địa điểm", "Place"),
    "import_kind_tracks": ("Vết GPS của tổ tuần tra (GPX)", "Patrol GPS tracks (GPX)"),
    "import_kind_checkins": ("Sổ ký tuần tra (bảng tính)", "Patrol check-in sheet (spreadsheet)"),
    "import_patrol": (
        "Lượt tuần tra của vết (để trống: tự khớp theo giờ)",
        "The patrol the track records (empty: matched by its times)",
    ),
    "import_rows_title": ("Các dòng sẽ nhập (20 dòng đầu)", "Rows to import (the first 20)"),
    "import_names": ("Tên thôn chưa nhận ra", "Village names not recognised"),
    "import_names_help": (
        "Chọn thôn mà mỗi tên chỉ tới; tên đó được ghi nhớ cho các lần nhập sau và bản xem trước "
        "được làm lại.",
        "Choose the village each name means; the name is remembered for later imports and the preview is "
        "made again.",
    ),
    "import_name_means": ("'{name}' ({rows} dòng) là thôn", "'{name}' ({rows} rows) is the village"),
    "import_remember": ("Ghi nhớ", "Remember"),
    "import_mapping": ("Sửa cách đọc cột", "Change which column is read as what"),
    "import_mapping_help": (
        "Chọn cột của tệp cho từng thông tin; bản xem trước được làm lại ngay.",
        "Choose the file's column for each field; the preview is made again at once.",
    ),
    "import_auto": ("(tự nhận theo tên cột)", "(found by the column names)"),
    "import_skip": ("(không đọc)", "(not read)"),
    "import_crs_choose": (
        "Chọn một hệ tọa độ để xem trước tệp trên bản đồ",
        "Choose a CRS to preview the file on the map",
    ),
    "import_crs_try": ("Xem trước với hệ tọa độ này", "Preview with this CRS"),
    "import_map": (
        "Kiểm tra trên bản đồ: các đối tượng của tệp (màu hồng) phải nằm đúng chỗ trong xã.",
        "Check on the map: the file's features (magenta) must lie where they belong in the commune.",
    ),
    "import_strict": ("Từ chối cả tệp nếu có dòng lỗi", "Refuse the whole file for one bad row"),
    "import_choose": (
        "Chọn tệp để xem trước: chưa ghi gì cho đến khi bấm Nhập.",
        "Choose a file to preview: nothing is written until you press Import.",
    ),
    "import_rows_read": ("Dòng đọc được", "Rows read"),
    "import_rows_imported": ("Dòng sẽ nhập", "Rows to import"),
    "import_rows_refused": ("Dòng bị từ chối", "Rows refused"),
    "import_read_as": ("Mã chữ: {encoding} · Hệ tọa độ: {crs}", "Encoding: {encoding} · CRS: {crs}"),
    "import_columns": ("Các cột được đọc", "Columns read"),
    "import_field": ("Thông tin", "Field"),
    "import_file_column": ("Cột trong tệp", "Column in the file"),
    "import_refused": ("Các dòng bị từ chối", "Rows refused"),
    "import_row": ("Dòng", "Row"),
    "import_column": ("Cột", "Column"),
    "import_reason": ("Lý do", "Reason"),
    "import_confirm": (
        "Các cột được đọc đúng; nhập các dòng hợp lệ",
        "The columns are read right; import the good rows",
    ),
    "import_confirm_replace": (
        "Đồng ý thay dữ liệu đã lưu bằng tệp này",
        "Replace the data stored with this file",
    ),
    "import_go": ("Nhập", "Import"),
    "import_done": ("Đã nhập {imported} dòng từ {file}.", "Imported {imported} rows from {file}."),
    "commune_xa": ("Xã {name}", "{name} commune"),
    "commune_phuong": ("Phường {name}", "{name} ward"),
    "commune_dac_khu": ("Đặc khu {name}", "{name} special zone"),
    "workspace_file": ("Tệp dữ liệu: {path}", "Workspace file: {path}"),
    "building_sample": ("Đang tạo dữ liệu mẫu lần đầu…", "Building the sample data for the first time…"),
    "synthetic_warning": (
        "Dữ liệu thôn, đường, vụ việc và nhân sự của xã mẫu là dữ liệu giả lập (is_synthetic); "
        "chỉ ranh giới xã là thật.",
        "The sample commune's villages, roads, incidents and people are synthetic (is_synthetic); "
        "only the commune boundary is real.",
    ),
    "layer_commune": ("Ranh giới xã", "Commune boundary"),
    "layer_villages": ("Thôn", "Villages"),
    "layer_roads": ("Đường", "Roads"),
    "layer_heat": ("Mật độ vụ việc", "Incident density"),
    "layer_patrols": ("Lộ trình tuần tra", "Patrol circuits"),
    "layer_base": ("Trụ sở", "Base"),
    "legend_heat": ("Mật độ vụ việc: thấp → cao", "Incident density: low → high"),
    "layer_places": ("Địa điểm (trụ sở, chợ, trường…)", "Places (bases, markets, schools…)"),
    "layer_people": ("Danh sách công an và dân quân", "Police and militia list"),
    "missing_layers": (
        "Chưa có: {layers}. Nhập bằng lệnh: patrol-map import TỆP_DỮ_LIỆU LOẠI TỆP.",
        "Not imported yet: {layers}. Import with: patrol-map import WORKSPACE KIND FILE.",
    ),
    "metric_villages": ("Số thôn", "Villages"),
    "metric_roads": ("Đường (km)", "Roads (km)"),
    "metric_incidents": ("Vụ việc 12 tháng qua", "Incidents, last 12 months"),
    "metric_people": ("Công an / dân quân", "Police / militia"),
    "overview_caption": (
        "Mật độ vụ việc 12 tháng trước tuần {week}; lộ trình tuần tra của tuần {week}.",
        "Incident density over the 12 months before week {week}; patrol circuits of week {week}.",
    ),
    "no_plan": ("Chưa có kế hoạch cho tuần {week}.", "No plan for week {week} yet."),
    "date_from": ("Từ ngày", "From"),
    "date_to": ("Đến ngày", "To"),
    "categories": ("Loại vụ việc", "Categories"),
    "selected_incidents": ("{count} vụ việc trong khoảng đã chọn", "{count} incidents in the chosen period"),
    "village_table": ("Xếp hạng thôn theo số vụ việc", "Villages ranked by incidents"),
    "col_village": ("Thôn", "Village"),
    "col_total": ("Tổng", "Total"),
    "seed": ("Phương án số (đổi số để có lộ trình khác)", "Variant (change it for other circuits)"),
    "teams_per_shift": ("Số tổ mỗi ca", "Teams per shift"),
    "team_size": ("Số người mỗi tổ", "People per team"),
    "shifts": ("Ca", "Shifts"),
    "shift_morning": ("Sáng", "Morning"),
    "shift_evening": ("Tối", "Evening"),
    "shift_night": ("Đêm", "Night"),
    "make_plan": ("Lập kế hoạch", "Make the plan"),
    "plan_saved": ("Đã lập và lưu kế hoạch tuần {week}.", "The plan of week {week} was made and stored."),
    "show_day": ("Ngày", "Day"),
    "all_days": ("Cả tuần", "Whole week"),
    "col_shift": ("Ca", "Shift"),
    "col_team": ("Tổ", "Team"),
    "col_members": ("Thành viên (tổ trưởng đầu tiên)", "Members (leader first)"),
    "col_stops": ("Điểm dừng", "Stops"),
    "col_length": ("Quãng đường (km)", "Distance (km)"),
    "col_duration": ("Thời gian (phút)", "Time (min)"),
    "col_depart": ("Rời trụ sở", "Leaves base"),
    "col_risk": ("Rủi ro được bao phủ", "Risk covered"),
    "carry_missed": ("Ưu tiên điểm bị bỏ sót tuần trước", "Weigh the places missed last week more"),
    "carry_missed_help": (
        "Theo vết GPS và sổ ký của tuần trước, điểm không ai ghé được tính gấp đôi rủi ro tuần này.",
        "Places that last week's GPS tracks and check-in sheets show nobody visited count twice their "
        "risk this week.",
    ),
    "carried_stops": (
        "{count} địa điểm được ưu tiên hơn vì tuần trước bị bỏ sót",
        "{count} places weighted up because they were missed last week",
    ),
    "carried_place": ("{name} ({visits} lượt)", "{name} ({visits} visits)"),
    "unreachable": (
        "Không tới được bằng đường bộ từ trụ sở, hoặc cách đường quá 500 m: {places}",
        "Not reachable by road from the base, or more than 500 m from a road: {places}",
    ),
    "download_geojson": ("Tải GeoJSON", "Download GeoJSON"),
    "download_gpx": ("Tải GPX cả tuần", "Download GPX (whole week)"),
    "download_gpx-teams": ("Tải GPX từng tổ (điện thoại, .zip)", "Download GPX per team (phones, .zip)"),
    "download_kml": ("Tải KML (Google Earth)", "Download KML (Google Earth)"),
    "download_stops-csv": ("Tải danh sách điểm dừng (Excel)", "Download stop list (Excel)"),
    "download_stops-html": ("Tải danh sách điểm dừng để in", "Download printable stop list"),
    "plan_from_settings": (
        "Mỗi điểm dừng {minutes} phút, {mode}; giờ các ca, số phút dừng và cách đi đặt ở trang Cài đặt.",
        "{minutes} minutes at each stop, {mode}; the shifts' hours, stop minutes and the way of patrolling "
        "are set on the Settings page.",
    ),
    "mode_moto": ("đi xe máy", "by motorbike"),
    "mode_foot": ("đi bộ", "on foot"),
    "week_holidays": (
        "Tuần này có ngày lễ, lễ hội (thường cần tuần tra nhiều hơn): {days}.",
        "This week has holidays or festivals (more patrols are usual): {days}.",
    ),
    "plan_keeps_edits": (
        "Lập lại kế hoạch vẫn giữ các thay đổi đã sửa bên dưới.",
        "Making the plan again keeps the changes made below.",
    ),
    "team_size_min": ("Số người mỗi tổ, ít nhất", "People per team, at least"),
    "team_size_max": ("Số người mỗi tổ, nhiều nhất", "People per team, at most"),
    "unpredictability": ("Mức khó đoán", "Unpredictability"),
    "unpredictability_help": (
        "0: luôn đến các điểm rủi ro nhất; 1: chọn điểm ngẫu nhiên theo tỉ lệ rủi ro và tránh lặp lại "
        "các tuần trước.",
        "0: always the riskiest places; 1: places drawn in proportion to their risk, avoiding "
        "the earlier weeks' visits.",
    ),
    "risk_covered": ("Rủi ro được tuần tra", "Risk covered"),
    "predictability": ("Mức dễ đoán", "Predictability"),
    "predictability_help": (
        "Phần điểm dừng và đoạn đường trùng với {weeks} tuần trước (cùng ngày trong tuần, cùng ca).",
        "Share of stops and road repeating the {weeks} earlier weeks (same weekday, same shift).",
    ),
    "predictable_warning": (
        "Kế hoạch lặp lại nhiều so với các tuần trước ({score}); kẻ gian có thể đoán được. Hãy bỏ khóa "
        "bớt hoặc tăng mức khó đoán.",
        "The plan repeats the earlier weeks a lot ({score}); someone watching could learn it. Unlock "
        "some of it or raise the unpredictability.",
    ),
    "edit_title": ("Sửa kế hoạch", "Edit the plan"),
    "edit_team": ("Tổ", "Team"),
    "lock_team": ("Khóa tổ (giữ người và điểm dừng)", "Lock the team (keep its people and stops)"),
    "unlock_team": ("Bỏ khóa tổ", "Unlock the team"),
    "move_person": ("Chuyển người vào tổ này", "Move a person into this team"),
    "move": ("Chuyển", "Move"),
    "add_stop": ("Thêm điểm dừng cho tổ này", "Add a stop to this team"),
    "add": ("Thêm", "Add"),
    "remove_stop": ("Bỏ điểm dừng khỏi ca này", "Remove a stop from this shift"),
    "remove": ("Bỏ", "Remove"),
    "undo_stop": (
        "Điểm dừng tổ này buộc phải đến (đã thêm hoặc khóa)",
        "Stop this team must visit (added or locked)",
    ),
    "undo": ("Bỏ bắt buộc", "Take back"),
    "edit_done": ("Đã lập lại kế hoạch, giữ các thay đổi.", "Planned again, keeping the changes."),
    "edits_kept": ("Đang giữ: {items}", "Kept: {items}"),
    "edits_none": ("Chưa có thay đổi nào được giữ.", "No change is kept yet."),
    "edit_locked_team": ("tổ {team} đã khóa", "team {team} locked"),
    "edit_fixed_stops": ("tổ {team} phải đến {stops}", "team {team} must visit {stops}"),
    "edit_removed": ("{shift} bỏ {stops}", "{shift} skips {stops}"),
    "col_name": ("Họ tên", "Name"),
    "col_force": ("Lực lượng", "Force"),
    "col_shifts": ("Số ca trong tuần", "Shifts this week"),
    "col_recent_shifts": ("Số ca 4 tuần trước", "Shifts in the 4 weeks before"),
    "load_spread": (
        "Chênh lệch số ca (nhiều nhất − ít nhất): {items}",
        "Spread of shifts (most − fewest): {items}",
    ),
    "load_spread_item": (
        "{force} {week} trong tuần, {five} trong 5 tuần",
        "{force} {week} this week, {five} over 5 weeks",
    ),
    "load_title": ("Phân bổ ca trực", "Shifts per person"),
    "teams_title": ("Các tổ tuần tra", "Patrol teams"),
    "force_police": ("công an", "police"),
    "force_militia": ("dân quân", "militia"),
    "person_turns": ("{teams} lượt tổ, {people} lượt người", "{teams} team patrols, {people} person-turns"),
    "layer_gi_cells": ("Điểm nóng, điểm lạnh Gi* (ô {size} m)", "Gi* hot and cold spots ({size} m cells)"),
    "layer_gi_villages": ("Thôn theo điểm nóng Gi*", "Villages by Gi* class"),
    "layer_forecast": (
        "Dự báo tuần tới: {percent} % diện tích nguy cơ cao nhất",
        "Next week's forecast: top {percent} % of the area",
    ),
    "patrol_weight": ("Trọng số vụ việc do tuần tra phát hiện", "Weight of incidents found by patrols"),
    "patrol_weight_help": (
        "Tuần tra đi đâu thì phát hiện vụ việc ở đó: nếu tính đủ các vụ này, mật độ và dự báo kéo tuần tra "
        "về đúng những nơi đã đi, còn nơi ít được tuần tra trông yên hơn thực tế. Dưới 1, mỗi vụ do tuần "
        "tra phát hiện chỉ tính bằng chừng ấy vụ (0,5: nửa vụ; 0: bỏ qua; 1: tính đủ). Áp dụng cho mật độ, "
        "Gi*, dự báo và kiểm tra dự báo; số vụ và xu hướng vẫn đếm mọi vụ.",
        "Patrols find incidents where they go: counted in full, these pull the density and the forecast "
        "towards the places already patrolled, while places seldom patrolled look quieter than they are. "
        "Below 1, each incident found by a patrol counts as that much of one (0.5: half; 0: left out; "
        "1: in full). Applies to the density, Gi*, the forecast and its back-test; the counts and trends "
        "count every incident.",
    ),
    "located_patrol": (
        "{located} vụ có vị trí trên bản đồ (số còn lại chỉ biết thôn); {patrol} vụ do tuần tra phát hiện, "
        "tính mỗi vụ {weight} trong mật độ, Gi* và dự báo.",
        "{located} incidents have a point on the map (the others are known only by village); {patrol} were "
        "found by patrols, each counted as {weight} in the density, Gi* and forecast.",
    ),
    "few_incidents": (
        "Ít vụ việc ({count}): với số liệu nhỏ như vậy, màu trên bản đồ và thứ hạng dễ do ngẫu nhiên mà "
        "có. Chỉ nên tin các điểm nóng có ý nghĩa thống kê và các xu hướng đã kiểm định.",
        "Few incidents ({count}): with counts this small, map colours and ranks can come from chance. "
        "Trust only the significant hot spots and the tested trends.",
    ),
    "map_caption": (
        "Mật độ: hạt nhân Gauss độ rộng {bandwidth} m. Gi*: mỗi ô {gi_cell} m cùng các ô quanh nó so với "
        "mức chung của xã, kiểm định hoán vị. Chỉ tô các ô có ý nghĩa sau khi hiệu chỉnh tỉ lệ phát hiện "
        "sai (FDR): trong các ô tô ở mức tin cậy 95 %, dự kiến không quá 5 % là do ngẫu nhiên.",
        "Density: Gaussian kernel, bandwidth {bandwidth} m. Gi*: each {gi_cell} m cell with the cells "
        "around it against the commune's level, permutation test. Only cells significant after the false "
        "discovery rate correction (FDR) are drawn: of the cells drawn at 95 % confidence, at most 5 % "
        "are expected to be chance.",
    ),
    "col_gi": ("Điểm nóng Gi*", "Gi* class"),
    "col_trend": ("Xu hướng", "Trend"),
    "col_trend_counts": ("Số vụ gần đây so với trước", "Incidents, recent vs earlier"),
    "col_p": ("p", "p"),
    "col_q": ("q (FDR)", "q (FDR)"),
    "col_rate": ("Vụ/km²/năm", "Incidents/km²/year"),
    "col_rate_eb": ("Vụ/km²/năm (hiệu chỉnh)", "Incidents/km²/year (shrunk)"),
    "col_category": ("Loại vụ việc", "Category"),
    "col_recent": ("Gần đây", "Recent"),
    "col_earlier": ("Trước đó", "Earlier"),
    "col_rank": ("Hạng", "Rank"),
    "col_count": ("Số vụ", "Incidents"),
    "col_lat": ("Vĩ độ", "Latitude"),
    "col_lon": ("Kinh độ", "Longitude"),
    "vs_counts": ("{recent} so với {earlier}", "{recent} vs {earlier}"),
    "trend_caption": (
        "Xu hướng (các loại đã chọn): {recent} so với {earlier}. Kiểm định chính xác cho số nhỏ, hiệu "
        "chỉnh FDR trên cả bảng; dưới {min_count} vụ thì không kết luận.",
        "Trend (the chosen categories): {recent} against {earlier}. Exact test for small counts, FDR "
        "correction over the whole table; no verdict below {min_count} incidents.",
    ),
    "no_trend": (
        "Nhật ký vụ việc không có đủ ngày được ghi chép trước {end} (mỗi giai đoạn cần ít nhất "
        "{min_days} ngày): chưa thể nói thôn nào tăng hay giảm.",
        "The incident log does not cover enough days before {end} (each period needs at least {min_days} "
        "days with records): no village can be said to rise or fall yet.",
    ),
    "period_with_gaps": (
        "{span}, chỉ tính {days} ngày có ghi chép",
        "{span}, only the {days} days with records",
    ),
    "trend_shortened": (
        "Giai đoạn gần đây chỉ tính {days} ngày có ghi chép (thay vì {full} ngày): ngày sau vụ cuối cùng, "
        "hoặc trong quãng dài không ghi chép gì, không được tính là ngày không có vụ.",
        "The recent period counts only {days} days with records (instead of {full}): days after the last "
        "record, or in a long stretch without any record, are not counted as days without incidents.",
    ),
    "rates_caption": (
        "Tỉ lệ = số vụ trong khoảng đã chọn / (diện tích × số năm có ghi chép). Tỉ lệ hiệu chỉnh "
        "(Bayes thực nghiệm) kéo thôn ít vụ về gần mức chung của xã, để một thôn nhỏ có vài vụ không đứng "
        "đầu chỉ vì ngẫu nhiên.",
        "Rate = incidents in the chosen period / (area × years with records). The shrunk rate (empirical "
        "Bayes) pulls villages with few incidents towards the commune's level, so a small village with a "
        "few incidents does not top the table by chance.",
    ),
    "unknown_village_note": (
        "{count} vụ không thuộc thôn nào đã biết, không có trong bảng.",
        "{count} incidents lie in no known village and are not in the table.",
    ),
    "category_trends": ("Xu hướng theo thôn và loại vụ việc", "Trends by village and category"),
    "top_cells": ("Các ô xếp hạng theo Gi*", "Cells ranked by Gi*"),
    "when_title": ("Vụ việc xảy ra khi nào", "When incidents happen"),
    "all_villages": ("Cả xã", "Whole commune"),
    "when_caption": (
        "Tính trên mọi vụ đã chọn, cả vụ chỉ biết thôn. Vụ không rõ giờ được đếm riêng ở cột “{unknown}”.",
        "Every chosen incident counts, those known only by village too. Incidents of unknown time are "
        "counted apart, in the column “{unknown}”.",
    ),
    "weekday_part_title": ("Số vụ theo ngày trong tuần và buổi", "Incidents by day of week and part of day"),
    "col_weekday": ("Ngày", "Day"),
    "unknown_time": ("Không rõ giờ", "Time unknown"),
    "month_title": ("Số vụ trung bình mỗi tháng trong năm", "Mean incidents per month of the year"),
    "col_month": ("Tháng", "Month"),
    "col_per_month": ("Số vụ trung bình", "Mean incidents"),
    "col_holidays": ("Ngày lễ, Tết trong tháng", "Holidays in the month"),
    "holiday_title": ("Ngày lễ, Tết so với ngày thường", "Holidays and Tết against ordinary days"),
    "ordinary_days": ("Ngày thường", "Ordinary days"),
    "col_holiday": ("Loại ngày", "Kind of day"),
    "col_days": ("Số ngày", "Days"),
    "col_per_day": ("Số vụ mỗi ngày", "Incidents per day"),
    "forecast_title": ("Dự báo tuần tới và độ chính xác", "Next week's forecast and how good it has been"),
    "forecast_method": ("Phương pháp dự báo", "Forecast method"),
    "method_naive": ("Số vụ từng ô trong thời gian học (naive)", "Counts per cell in training (naive)"),
    "method_kde": ("Mật độ hạt nhân (kde)", "Kernel density (kde)"),
    "method_prospective": (
        "Lặp lại gần, vụ mới nặng hơn (prospective)",
        "Near-repeat, recent first (prospective)",
    ),
    "method_learned": ("Mô hình học máy (learned)", "Learned model (learned)"),
    "method_mixture": (
        "Pha trộn: cùng địa chỉ, cùng khu, lặp lại gần (mixture)",
        "Blend of same address, same area and near repeats (mixture)",
    ),
    "method_kde_cv": (
        "Mật độ hạt nhân, độ rộng chọn bằng kiểm định chéo (kde_cv)",
        "Kernel density, bandwidth by cross-validation (kde_cv)",
    ),
    "method_best": ("Tốt nhất khi kiểm tra (best)", "Best in the back-test (best)"),
    "forecast_caption": (
        "Dự báo {start}–{end}: học từ {train} ngày đến {last}, ô {cell} m trong ranh giới xã, chỉ các vụ "
        "có vị trí. Phương pháp đã dùng: {used}.",
        "Forecast for {start}–{end}: trained on the {train} days to {last}, {cell} m cells inside the "
        "commune, incidents with a point only. Method used: {used}.",
    ),
    "forecast_top": ("Các ô nguy cơ cao nhất tuần tới", "Riskiest cells next week"),
    "col_expected": ("Số vụ dự kiến", "Expected incidents"),
    "run_backtest": (
        "Kiểm tra dự báo trên {weeks} tuần qua (có thể mất nửa phút)",
        "Back-test on the last {weeks} weeks (may take half a minute)",
    ),
    "forecast_nothing": (
        "Không có vụ việc nào trong lựa chọn để dự báo.",
        "No incident in the choice to forecast from.",
    ),
    "choose_categories": ("Chọn loại vụ việc", "Choose categories"),
    "backtest_sentence": (
        "{weeks} tuần qua: {percent} % diện tích có nguy cơ cao nhất chứa {hit} % số vụ việc",
        "Last {weeks} weeks: the top {percent} % of the area held {hit} % of incidents",
    ),
    "backtest_caption": (
        "Mỗi tuần được dự báo từ {train} ngày trước nó, rồi chấm trên {incidents} vụ có vị trí của {scored} "
        "tuần có vụ việc (trung bình các tuần). Tỉ lệ trúng: phần số vụ rơi vào các ô được chọn; PAI: gấp "
        "bao nhiêu lần chọn ô ngẫu nhiên; PEI: so với cách chọn ô tốt nhất có thể (1 là tốt nhất).",
        "Each week is forecast from the {train} days before it, then scored on the {incidents} incidents "
        "with a point of the {scored} weeks that had any (mean over weeks). Hit rate: share of incidents in "
        "the cells taken; PAI: how many times better than cells drawn at random; PEI: against the best "
        "cells that could have been taken (1 is best).",
    ),
    "backtest_none": (
        "Không có vụ nào có vị trí trong {weeks} tuần qua: chưa chấm được dự báo.",
        "No incident with a point in the last {weeks} weeks: the forecast cannot be scored yet.",
    ),
    "col_coverage": ("Diện tích", "Area"),
    "col_hit_rate": ("Tỉ lệ trúng", "Hit rate"),
    "col_pai": ("PAI", "PAI"),
    "col_pei": ("PEI", "PEI"),
    "no_villages": ("Chưa nhập thôn: chưa có bảng thôn.", "No villages imported: no village table."),
    "bad_period": (
        "Ngày bắt đầu ({start}) sau ngày kết thúc ({end}): hãy chọn lại khoảng thời gian.",
        "The first day ({start}) is after the last day ({end}): choose the period again.",
    ),
    # The printed briefing and patrol orders (report/briefing.py, report/orders.py, report/figures.py).
    "print_risk_cells": (
        "Ô có nguy cơ cao (đậm hơn: nhiều vụ hơn)",
        "High-risk cells (darker: more incidents)",
    ),
    "print_road_main": ("Đường chính", "Main roads"),
    "print_road_local": ("Đường liên thôn", "Local roads"),
    "print_road_lane": ("Đường ngõ, đường mòn", "Lanes and tracks"),
    "print_planned": ("Lộ trình theo kế hoạch", "Planned circuits"),
    "print_tracked": ("Vết GPS thực tế", "Recorded GPS tracks"),
    "print_backtest": (
        "Dự báo điểm nóng, kiểm tra lại trên {weeks} tuần qua: {percent} % diện tích có nguy cơ cao nhất "
        "chứa {hit} % số vụ việc, gấp {pai} lần so với chọn ngẫu nhiên.",
        "The hotspot forecast, checked against the last {weeks} weeks: the riskiest {percent} % of the "
        "area held {hit} % of incidents, {pai} times what cells drawn at random would hold.",
    ),
    "print_backtest_note": (
        "Mỗi tuần được dự báo chỉ từ các vụ việc trước tuần đó, rồi so với các vụ thực tế xảy ra trong tuần.",
        "Each week was forecast only from the incidents before it, then compared with what happened in it.",
    ),
    "print_this_period": ("Kỳ này", "This period"),
    "print_period_before": ("Kỳ trước", "Period before"),
    "print_sheet_categories": ("Vụ việc theo loại", "Incidents by category"),
    "print_sheet_sources": ("Vụ việc theo nguồn tin", "Incidents by source"),
    "print_sheet_villages": ("Vụ việc theo thôn", "Incidents by village"),
    "print_sheet_forces": ("Tuần tra theo lực lượng", "Patrols by force"),
    "print_sheet_weeks": ("Kế hoạch và thực hiện", "Planned and done"),
    "print_sheet_next": ("Kế hoạch tuần tới", "Next week's plan"),
    "print_source": ("Nguồn tin", "Source"),
    "print_briefing_title": ("Báo cáo {period}", "Briefing, {period}"),
    "print_above": ("Ủy ban nhân dân {commune}", "People's Committee of {commune}"),
    "print_issuer": ("Công an xã – Ban Chỉ huy quân sự xã", "Commune police – Commune military command"),
    "print_state": ("Cộng hòa xã hội chủ nghĩa Việt Nam", "Socialist Republic of Vietnam"),
    "print_motto": ("Độc lập – Tự do – Hạnh phúc", "Independence – Freedom – Happiness"),
    "print_place_date": (
        "{place}, ngày {day} tháng {month} năm {year}",
        "{place}, {day}/{month}/{year}",
    ),
    "print_report": ("BÁO CÁO", "BRIEFING"),
    "print_briefing_subtitle": (
        "Tình hình an ninh trật tự và kết quả tuần tra {period}",
        "Public order and patrol results, {period}",
    ),
    "print_synthetic": (
        "Lưu ý: dữ liệu của xã mẫu là dữ liệu tổng hợp (không có thật), chỉ để trình diễn.",
        "Note: the sample commune's data are synthetic (not real), for demonstration only.",
    ),
    "print_section_incidents": ("I. Tình hình an ninh trật tự", "I. Public order"),
    "print_incidents_sentence": (
        "Trong kỳ xảy ra {now} vụ việc (kỳ trước: {before} vụ).",
        "{now} incidents happened in the period ({before} in the period before).",
    ),
    "print_tips_note": (
        "Tin báo của người dân là số vụ việc do người dân báo; tin có giá trị chưa được ghi trong dữ liệu.",
        "Citizen reports are the incidents residents reported; which tips proved valuable is not recorded.",
    ),
    "print_tips_sentence": (
        "Tiếp nhận {now} tin báo của nhân dân (kỳ trước: {before} tin), trong đó {valuable_now} tin có giá "
        "trị (kỳ trước: {valuable_before} tin).",
        "{now} tips were received from residents ({before} in the period before), {valuable_now} of them "
        "valuable ({valuable_before} in the period before).",
    ),
    "print_sheet_tips": ("Tin báo", "Tips"),
    "col_tips_received": ("Tin báo nhận được", "Tips received"),
    "col_tips_valuable": ("Tin có giá trị", "Valuable tips"),
    "print_villages_heading": ("Các thôn có vụ việc trong kỳ", "Villages with incidents in the period"),
    "print_villages_note": (
        "Điểm nóng Gi*: thôn có nhiều vụ hơn hẳn so với các thôn xung quanh (không phải do ngẫu nhiên). "
        'Xu hướng: so số vụ 6 tháng gần đây với 6 tháng trước đó; chỉ nói "tăng" hay "giảm" khi khác biệt '
        "đủ lớn để không phải do ngẫu nhiên.",
        "Gi* hotspot: a village with clearly more incidents than those around it (not by chance). Trend: the "
        'last six months against the six before; "increasing" or "decreasing" only when the change is too '
        "large to be chance.",
    ),
    "print_section_patrols": ("II. Kết quả tuần tra, kiểm soát", "II. Patrols"),
    "print_patrol_sentence": (
        "Trong kỳ đã tổ chức {rounds} đợt tuần tra (kế hoạch {patrols} đợt) với {turns} lượt người "
        "({police} lượt công an, {militia} lượt dân quân), đi {km} km.",
        "In the period {rounds} patrol rounds went out ({patrols} planned) with {turns} person-turns "
        "({police} police, {militia} militia), over {km} km.",
    ),
    "print_no_patrols": ("Trong kỳ chưa có kế hoạch tuần tra nào.", "No patrol was planned in the period."),
    "print_no_records": (
        "Đã lập kế hoạch {patrols} đợt tuần tra; chưa có vết GPS hay sổ ký nào ghi lại việc thực hiện.",
        "{patrols} patrol rounds were planned; no GPS track or check-in sheet records what was done.",
    ),
    "print_week": ("Tuần", "Week"),
    "print_stop_count": ("Số điểm", "Stops"),
    "print_patrols_planned": ("Đợt theo kế hoạch", "Rounds planned"),
    "print_stops_planned": ("Điểm theo kế hoạch", "Stops planned"),
    "print_risk_share": ("Rủi ro đã phủ", "Risk covered"),
    "print_weeks_note": (
        "Một điểm được tính là đã ghé khi vết GPS ở trong vòng 100 m ít nhất 5 phút, hoặc có chữ ký ở sổ; "
        "muộn khi đến quá 15 phút so với giờ kế hoạch.",
        "A stop counts as visited when a GPS track stayed within 100 m for 5 minutes, or the sheet was "
        "signed there; late when the visit began more than 15 minutes after the planned time.",
    ),
    "print_section_map": ("III. Bản đồ điểm nóng và tuần tra", "III. Map of hotspots and patrols"),
    "print_map_note": (
        "Các ô màu: nơi tập trung một nửa số vụ việc dự kiến, tính từ các vụ việc của ít nhất 90 ngày "
        "đến hết kỳ.",
        "Coloured cells: where half of the expected incidents gather, from the incidents of at least the "
        "90 days up to the period's end.",
    ),
    "print_sign_police": ("TRƯỞNG CÔNG AN XÃ", "COMMUNE POLICE CHIEF"),
    "print_sign_military": ("CHỈ HUY TRƯỞNG BAN CHQS XÃ", "COMMUNE MILITARY COMMANDER"),
    "print_sign_note": ("(ký, ghi rõ họ tên)", "(signature and full name)"),
    "print_section_next": ("IV. Kế hoạch tuần tra tuần tới ({week})", "IV. Next week's patrol plan ({week})"),
    "order_title": ("Lệnh tuần tra", "Patrol order"),
    "order_subtitle": ("Tổ {team} · {shift}", "Team {team} · {shift}"),
    "order_sentence": (
        "Lượt {patrol}: rời trụ sở lúc {depart}, đi {km} km trong khoảng {minutes} phút, về lại trụ sở.",
        "Patrol {patrol}: leave the base at {depart}, {km} km in about {minutes} minutes, back to the base.",
    ),
    "order_rank": ("Cấp bậc, chức vụ", "Rank"),
    "order_phone": ("Điện thoại", "Phone"),
    "order_leader_first": ("Người đầu tiên là tổ trưởng.", "The first named leads the team."),
    "order_place": ("Điểm dừng", "Stop"),
    "order_time": ("Giờ", "Time"),
    "order_signed": ("Ký xác nhận", "Signed"),
    "order_given_by": ("NGƯỜI RA LỆNH", "ORDER GIVEN BY"),
    "order_leader": ("TỔ TRƯỞNG", "TEAM LEADER"),
    "page_papers": ("In báo cáo", "Print"),
    "page_meeting": ("Giao ban", "Meeting"),
    "page_people": ("Người và lịch trực", "People and duty"),
    "people_help": (
        "Sửa trực tiếp trong bảng (thêm dòng ở cuối, xóa bằng cách chọn dòng rồi nhấn Delete), rồi bấm "
        "Lưu. Bảng được kiểm tra như một tệp nhập: một ô sai thì không lưu gì và báo dòng, cột. Kế "
        "hoạch lập sau đó dùng danh sách mới.",
        "Edit the table itself (add a row at its end, delete a row by selecting it and pressing Delete), "
        "then Save. The table is checked as an imported file: one wrong cell saves nothing and names its "
        "row and column. Plans made after use the new list.",
    ),
    "people_availability_help": (
        "Ngày và ca có thể trực: T2-T6, T7, CN, sáng, tối, đêm (vd. 'T2-T6, tối'); để trống là mọi lúc.",
        "Days and shifts the person can patrol: mon-fri, sat, sun, morning, evening, night (e.g. "
        "'mon-fri, evening'); empty for any time.",
    ),
    "people_leave_help": (
        "Ngày nghỉ: một ngày (30/11/2026) hoặc khoảng (24/11/2026..26/11/2026), cách nhau bằng dấu "
        "chấm phẩy.",
        "Days away: a date (30/11/2026) or a range (24/11/2026..26/11/2026), separated by semicolons.",
    ),
    "people_save": ("Lưu danh sách", "Save the list"),
    "page_places": ("Địa điểm tuần tra", "Patrol places"),
    "page_settings": ("Cài đặt", "Settings"),
    "page_accounts": ("Tài khoản", "Accounts"),
    "page_tips": ("Tin báo", "Tips"),
    "tips_help": (
        "Tin báo của nhân dân. Nội dung và người báo được mã hóa trong tệp dữ liệu; chỉ mở được bằng mật "
        "khẩu mã hóa của xã, mỗi lần xem đều được ghi vào nhật ký.",
        "Residents' tips. Their content and informants are encrypted in the workspace; they open only with "
        "the workspace's encryption passphrase, and every look is written in the audit log.",
    ),
    "tips_counts": ("Số tin báo {days} ngày qua, theo thôn", "Tips of the last {days} days, by village"),
    "tips_import": ("Nhập tệp tin báo", "Import a tips file"),
    "tips_file": (
        "Tệp CSV hoặc bảng tính: Ngày, Thôn, Nội dung, Người báo, Số điện thoại, Có giá trị",
        "A CSV file or spreadsheet: date, village, content, informant_name, informant_phone, valuable",
    ),
    "tips_passphrase": ("Mật khẩu mã hóa của xã", "The workspace's encryption passphrase"),
    "tips_import_button": ("Nhập", "Import"),
    "tips_read": ("Xem nội dung tin báo", "Read the tips"),
    "tips_read_button": ("Mở", "Open"),
    "tips_content": ("Nội dung", "Content"),
    "tips_informant": ("Người báo", "Informant"),
    "tips_phone": ("Số điện thoại", "Phone"),
    "tips_suspects": ("Đối tượng trong các vụ việc", "Suspects named in incidents"),
    "tips_incident": ("Mã vụ việc", "Incident id"),
    "tips_category": ("Loại vụ việc", "Category"),
    "tips_suspect": ("Đối tượng", "Suspect"),
    "login_title": ("Đăng nhập", "Log in"),
    "login_help": (
        "Dữ liệu của xã {commune} được bảo vệ: hãy đăng nhập bằng tài khoản của mình.",
        "The data of {commune} are protected: log in with your own account.",
    ),
    "login_name": ("Tên tài khoản", "Account name"),
    "login_password": ("Mật khẩu", "Password"),
    "login_button": ("Đăng nhập", "Log in"),
    "login_as": ("Đang dùng: {name} ({role})", "Logged in: {name} ({role})"),
    "logout_button": ("Đăng xuất", "Log out"),
    "logged_out": ("Đã đăng xuất.", "Logged out."),
    "login_timed_out": (
        "Phiên làm việc đã hết hạn vì lâu không thao tác; hãy đăng nhập lại.",
        "The session expired after a while without use; log in again.",
    ),
    "accounts_none": (
        "Tệp dữ liệu này chưa có tài khoản: ai ngồi trước máy cũng xem được mọi thứ, kể cả kế hoạch tuần "
        "tới. Hãy tạo tài khoản đầu tiên (chỉ huy hoặc quản trị); từ đó mọi người phải đăng nhập.",
        "This workspace has no account yet: whoever sits at the computer sees everything, next week's plan "
        "included. Create the first account (a commander or an administrator); then everyone logs in.",
    ),
    "accounts_list": ("Các tài khoản của xã", "The commune's accounts"),
    "account_name": ("Tên tài khoản", "Account name"),
    "account_role": ("Vai trò", "Role"),
    "account_person": ("Mã người", "Person id"),
    "account_person_help": (
        "Người trong danh sách (bắt buộc với công an, dân quân: để xem kế hoạch của tổ mình)",
        "The person among the people (needed for police and militia: to see their own team's plan)",
    ),
    "account_locked": ("Đang khóa", "Locked"),
    "account_key": ("Khóa kế hoạch", "Plans key"),
    "account_key_yes": ("có", "held"),
    "account_key_waiting": ("chờ chỉ huy cấp", "waiting for the commander"),
    "account_key_first log-in": ("cần đăng nhập lần đầu", "must log in once"),
    "account_grant": ("Cấp khóa kế hoạch", "Hand on the plans key"),
    "account_grant_button": ("Cấp khóa", "Hand on the key"),
    "account_granted": ("Đã cấp khóa kế hoạch cho {name}.", "The plans key is handed to {name}."),
    "account_first": ("Tạo tài khoản đầu tiên", "Create the first account"),
    "account_add": ("Thêm tài khoản", "Add an account"),
    "account_add_button": ("Tạo tài khoản", "Create the account"),
    "account_added": ("Đã tạo tài khoản {name}.", "The account {name} is created."),
    "password_change": ("Đổi mật khẩu của mình", "Change your password"),
    "password_old": ("Mật khẩu hiện tại", "Current password"),
    "password_new": ("Mật khẩu mới (ít nhất 8 ký tự)", "New password (at least 8 characters)"),
    "password_again": ("Nhập lại mật khẩu mới", "The new password again"),
    "password_change_button": ("Đổi mật khẩu", "Change the password"),
    "password_mismatch": ("Hai lần nhập mật khẩu mới không khớp.", "The two new passwords differ."),
    "password_changed": ("Đã đổi mật khẩu.", "The password is changed."),
    "yes": ("có", "yes"),
    "no": ("không", "no"),
    "week_not_over": (
        "Tuần {week} chưa qua: trang này so kế hoạch của mọi tổ với việc đã làm, nên tài khoản của bạn chỉ "
        "xem được khi tuần đã qua.",
        "Week {week} is not over: this page compares every team's plan with what was done, so your account "
        "sees it once the week is over.",
    ),
    "settings_help": (
        "Cài đặt chung của xã: kế hoạch tuần mới, trang điểm nóng và bản đồ đều lấy từ đây. Kế hoạch "
        "đã lập giữ cài đặt lúc lập; lập lại kế hoạch để dùng cài đặt mới.",
        "The commune's own settings: new weekly plans, the hotspot page and the maps start from them. "
        "A plan already made keeps the settings it was made with; make it again to use new ones.",
    ),
    "settings_shifts": ("Ca trực", "Shifts"),
    "settings_start": ("Bắt đầu", "Starts"),
    "settings_hours": ("Số giờ", "Hours"),
    "settings_planned": ("Lập kế hoạch", "Planned"),
    "settings_no_shift": ("Hãy chọn ít nhất một ca để lập kế hoạch.", "Choose at least one shift to plan."),
    "settings_teams": ("Tổ tuần tra", "Patrol teams"),
    "settings_stop_minutes": ("Số phút mỗi điểm dừng", "Minutes at each stop"),
    "settings_mode": ("Cách đi tuần", "Way of patrolling"),
    "settings_hotspots": ("Điểm nóng", "Hotspots"),
    "settings_festivals": ("Lễ hội của xã", "The commune's festivals"),
    "settings_festivals_help": (
        "Ngày lễ chung (Tết, 30/4, 2/9…) đã có sẵn; chỉ thêm lễ hội riêng của xã (lễ hội đình làng, "
        "đua thuyền…), mỗi năm một dòng. Chúng được đánh dấu trên biểu đồ thời gian và nhắc ở kế hoạch tuần.",
        "Public holidays (Tết, 30 April, 2 September…) are known already; add only the commune's own "
        "festivals (village temple festival, boat race…), a row per year. They are marked on the time "
        "charts and named on the week's plan.",
    ),
    "col_date": ("Ngày", "Date"),
    "festival_name_vi": ("Tên lễ hội", "Festival name (Vietnamese)"),
    "festival_name_en": ("Tên tiếng Anh (nếu có)", "English name (if any)"),
    "festival_no_day": ("Lễ hội ở dòng {row} chưa có ngày.", "The festival in row {row} has no date."),
    "settings_basemap": ("Bản đồ nền", "Basemap"),
    "settings_basemap_file": ("Tệp bản đồ nền trên máy này", "Basemap file on this machine"),
    "settings_basemap_help": (
        "Đường dẫn tới tệp MBTiles hoặc PMTiles (ảnh nền); để trống nếu không có. Không tải gì từ mạng.",
        "Path of an MBTiles or PMTiles file (raster tiles); leave empty for none. Nothing is fetched "
        "from the internet.",
    ),
    "settings_save": ("Lưu cài đặt", "Save the settings"),
    "settings_saving": (
        "Đang lưu cài đặt và tính lại điểm nóng…",
        "Saving the settings and updating the hotspots…",
    ),
    "settings_saved": ("Đã lưu cài đặt của xã.", "The commune's settings are saved."),
    "places_help": (
        "Sửa tên, loại, mức ưu tiên (1–3), khung giờ và ngày của từng địa điểm, rồi bấm Lưu. Bảng được "
        "kiểm tra như một tệp nhập: một ô sai thì không lưu gì và báo dòng, cột. Vị trí giữ nguyên; "
        "thêm địa điểm mới ở trang Nhập dữ liệu.",
        "Edit each place's name, kind, priority (1–3), hours and days, then Save. The table is checked "
        "as an imported file: one wrong cell saves nothing and names its row and column. Positions stay "
        "as they are; add new places on the import page.",
    ),
    "places_hours_help": (
        "Giờ cần có mặt, vd. '06:30-07:15; 16:30-17:15' (giờ tan trường); để trống là bất kỳ lúc nào.",
        "When patrols should be there, e.g. '06:30-07:15; 16:30-17:15' (school gates); empty for any time.",
    ),
    "places_days_help": (
        "Ngày trong tuần: T2-T6, T7, CN (vd. 'T2-T7'); 'tất cả' hoặc để trống là mọi ngày.",
        "Weekdays: mon-fri, sat, sun (e.g. 'mon-sat'); 'all' or empty for every day.",
    ),
    "places_save": ("Lưu địa điểm", "Save the places"),
    "places_none": (
        "Chưa có địa điểm nào; hãy nhập danh sách địa điểm ở trang Nhập dữ liệu.",
        "No place yet; import the list of places on the import page.",
    ),
    "table_saving": ("Đang kiểm tra và lưu danh sách…", "Checking and saving the list…"),
    "meeting_help": (
        "Hai bản đồ cạnh nhau, chữ lớn, để chiếu trong buổi giao ban. Thu gọn thanh bên (nút «) và "
        "nhấn F11 để trình duyệt hiện toàn màn hình.",
        "Two maps side by side in large print, to project at the meeting. Fold the sidebar (the « button) "
        "and press F11 for the browser's full screen.",
    ),
    "meeting_compare": ("So sánh", "Compare"),
    "meeting_months": ("Tháng trước và tháng này", "Last month and this month"),
    "meeting_plan_done": ("Kế hoạch và thực hiện", "Planned and done"),
    "meeting_month_caption": (
        "{count} vụ việc từ {start} đến {end}: mật độ và điểm nóng Gi*",
        "{count} incidents from {start} to {end}: density and Gi* hot spots",
    ),
    "meeting_planned": ("Kế hoạch", "Planned"),
    "meeting_done": ("Thực hiện (vết GPS, sổ ký)", "Done (GPS tracks, check-in sheets)"),
    "papers_briefing": ("Báo cáo tuần, tháng, quý", "Briefing of a week, a month or a quarter"),
    "papers_briefing_help": (
        "Báo cáo khổ A4 để in và gửi cấp trên: tình hình vụ việc, kết quả tuần tra theo lực lượng, "
        "bản đồ điểm nóng và lộ trình, kế hoạch tuần tới; kèm tệp Excel các bảng.",
        "An A4 briefing to print and send up: incidents, patrols by force, the map of hotspots and "
        "circuits, next week's plan; with its tables as an Excel file.",
    ),
    "papers_period_kind": ("Kỳ báo cáo", "Period"),
    "papers_kind_week": ("Tuần", "Week"),
    "papers_kind_month": ("Tháng", "Month"),
    "papers_kind_quarter": ("Quý", "Quarter"),
    "papers_period_day": ("Một ngày trong kỳ", "A day in the period"),
    "papers_make_briefing": ("Lập báo cáo {period}", "Make the briefing of {period}"),
    "papers_making_briefing": ("Đang lập báo cáo {period}…", "Making the briefing of {period}…"),
    "papers_orders": ("Lệnh tuần tra", "Patrol orders"),
    "papers_no_plan": ("Chưa có kế hoạch tuần tra nào.", "No patrol plan yet."),
    "papers_orders_week": ("Tuần", "Week"),
    "papers_orders_day": ("Ngày", "Day"),
    "papers_make_orders": (
        "Lập lệnh tuần tra (mỗi tổ mỗi ca một trang)",
        "Make the orders (a page per team and shift)",
    ),
    "papers_making_orders": (
        "Đang lập lệnh tuần tra tuần {period}…",
        "Making the patrol orders of {period}…",
    ),
    "papers_ready": ("Đã xong.", "Done."),
    "papers_download_pdf": ("Tải {name} (PDF để in)", "Download {name} (PDF to print)"),
    "papers_download_xlsx": ("Tải {name} (Excel)", "Download {name} (Excel)"),
    "layer_stop_numbers": ("Điểm dừng (số thứ tự, giờ)", "Stops (order, time)"),
    "show_shift": ("Ca hiển thị trên bản đồ", "Shift shown on the map"),
    "whole_day": ("Cả ngày", "The whole day"),
    "no_history": ("Chưa có tuần trước để so", "No earlier week yet"),
    "week_choose": ("Tuần lập kế hoạch (thứ Hai – Chủ nhật)", "Week to plan (Monday to Sunday)"),
    "coverage_week": ("Tuần cần xem (thứ Hai – Chủ nhật)", "Week to review (Monday to Sunday)"),
    "week_planned": ("đã có kế hoạch", "planned"),
    "plan_form_title": ("Lập hoặc lập lại kế hoạch tuần", "Make or remake the week's plan"),
    "choose_shifts": ("Chọn ca (để trống: mọi ca)", "Choose shifts (none: every shift)"),
    "edit_running": (
        "Đang lập lại các ca có thay đổi (các ca khác giữ nguyên lộ trình)…",
        "Routing again the shifts the change touches (the others keep their circuits)…",
    ),
    "results_running": (
        "Đang tính lại điểm nóng, xu hướng các thôn và dự báo cho dữ liệu mới…",
        "Computing the hotspots, the villages' trends and the forecast of the new data…",
    ),
    "plan_running": (
        "Đang lập kế hoạch tuần {week}: chia tổ, rồi tìm lộ trình cho từng ca…",
        "Planning week {week}: forming the teams, then the circuits of each shift…",
    ),
    "plain_words_villages": (
        'Đọc bảng thế nào: "Điểm nóng Gi*" là thôn có nhiều vụ hơn hẳn các thôn quanh nó, không phải do '
        'ngẫu nhiên. "Xu hướng" so 6 tháng gần đây với 6 tháng trước; chỉ nói "Tăng" hay "Giảm" khi '
        "khác biệt đủ lớn. p là khả năng một khác biệt như vậy xảy ra chỉ do ngẫu nhiên; q là p đã hiệu "
        "chỉnh vì xét nhiều thôn cùng lúc (FDR): q dưới 0,05 là đáng tin.",
        'Reading the table: a "Gi* hot spot" is a village with clearly more incidents than those around it, '
        'not by chance. "Trend" compares the last six months with the six before; it says "Increasing" '
        'or "Decreasing" only when the change is large enough. p is the chance of such a difference by '
        "chance alone; q is p corrected for looking at many villages at once (FDR): below 0.05 it can be "
        "trusted.",
    ),
}
