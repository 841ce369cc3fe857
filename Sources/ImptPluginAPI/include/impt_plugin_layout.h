/*
 * Frozen layouts of the impt plugin ABI, included at the end of impt_plugin.h.
 *
 * Every struct's size and every member's offset is asserted at compile time, for each ABI minor
 * version a plugin can target (IMPT_TARGET_ABI_MINOR): on the 64-bit platforms impt runs on, a
 * change to impt_plugin.h that would move a field or resize a struct a published plugin relies on
 * stops the build instead of breaking plugins at run time. A new minor version appends its fields
 * and adds a block here; nothing above it changes (the growth rule in impt_plugin.h).
 */
#ifndef IMPT_PLUGIN_LAYOUT_H
#define IMPT_PLUGIN_LAYOUT_H

#include <stddef.h>

#if defined(__cplusplus)
#define IMPT_STATIC_ASSERT(condition, message) static_assert(condition, message)
#else
#define IMPT_STATIC_ASSERT(condition, message) _Static_assert(condition, message)
#endif
/** Asserts the size of an ABI struct. */
#define IMPT_FROZEN_SIZE(type, size) IMPT_STATIC_ASSERT(sizeof(type) == (size), #type " changed size: ABI layouts are frozen")
/** Asserts the offset of a member of an ABI struct. */
#define IMPT_FROZEN_AT(type, member, offset) \
    IMPT_STATIC_ASSERT(offsetof(type, member) == (offset), #type "." #member " moved: ABI layouts are frozen")

#if defined(__LP64__) || defined(_LP64)

/* The same in every minor version. */
IMPT_FROZEN_SIZE(impt_struct_header, 8);
IMPT_FROZEN_AT(impt_struct_header, struct_size, 0);
IMPT_FROZEN_AT(impt_struct_header, abi_major, 4);
IMPT_FROZEN_AT(impt_struct_header, abi_minor, 6);
IMPT_FROZEN_SIZE(impt_option, 64);
IMPT_FROZEN_AT(impt_option, header, 0);
IMPT_FROZEN_AT(impt_option, name, 8);
IMPT_FROZEN_AT(impt_option, alias, 16);
IMPT_FROZEN_AT(impt_option, type, 20);
IMPT_FROZEN_AT(impt_option, flags, 24);
IMPT_FROZEN_AT(impt_option, value_name, 32);
IMPT_FROZEN_AT(impt_option, help, 40);
IMPT_FROZEN_AT(impt_option, choices, 48);
IMPT_FROZEN_AT(impt_option, default_value, 56);
IMPT_FROZEN_SIZE(impt_error_info, 24);
IMPT_FROZEN_AT(impt_error_info, header, 0);
IMPT_FROZEN_AT(impt_error_info, status, 8);
IMPT_FROZEN_AT(impt_error_info, http_status, 12);
IMPT_FROZEN_AT(impt_error_info, message, 16);
IMPT_FROZEN_SIZE(impt_host, 56);
IMPT_FROZEN_AT(impt_host, header, 0);
IMPT_FROZEN_AT(impt_host, impt_version, 8);
IMPT_FROZEN_AT(impt_host, get_service, 16);
IMPT_FROZEN_AT(impt_host, free, 24);
IMPT_FROZEN_AT(impt_host, fail, 32);
IMPT_FROZEN_AT(impt_host, last_error, 40);
IMPT_FROZEN_AT(impt_host, clear_error, 48);
IMPT_FROZEN_SIZE(impt_values_v1, 184);
IMPT_FROZEN_AT(impt_values_v1, header, 0);
IMPT_FROZEN_AT(impt_values_v1, new_null, 8);
IMPT_FROZEN_AT(impt_values_v1, new_bool, 16);
IMPT_FROZEN_AT(impt_values_v1, new_integer, 24);
IMPT_FROZEN_AT(impt_values_v1, new_number, 32);
IMPT_FROZEN_AT(impt_values_v1, new_string, 40);
IMPT_FROZEN_AT(impt_values_v1, new_array, 48);
IMPT_FROZEN_AT(impt_values_v1, new_object, 56);
IMPT_FROZEN_AT(impt_values_v1, kind, 64);
IMPT_FROZEN_AT(impt_values_v1, get_bool, 72);
IMPT_FROZEN_AT(impt_values_v1, get_integer, 80);
IMPT_FROZEN_AT(impt_values_v1, get_number, 88);
IMPT_FROZEN_AT(impt_values_v1, get_string, 96);
IMPT_FROZEN_AT(impt_values_v1, count, 104);
IMPT_FROZEN_AT(impt_values_v1, key_at, 112);
IMPT_FROZEN_AT(impt_values_v1, member, 120);
IMPT_FROZEN_AT(impt_values_v1, element, 128);
IMPT_FROZEN_AT(impt_values_v1, lookup, 136);
IMPT_FROZEN_AT(impt_values_v1, set, 144);
IMPT_FROZEN_AT(impt_values_v1, remove, 152);
IMPT_FROZEN_AT(impt_values_v1, append, 160);
IMPT_FROZEN_AT(impt_values_v1, parse, 168);
IMPT_FROZEN_AT(impt_values_v1, serialize, 176);
IMPT_FROZEN_SIZE(impt_output_v1, 56);
IMPT_FROZEN_AT(impt_output_v1, header, 0);
IMPT_FROZEN_AT(impt_output_v1, mode, 8);
IMPT_FROZEN_AT(impt_output_v1, info, 16);
IMPT_FROZEN_AT(impt_output_v1, result, 24);
IMPT_FROZEN_AT(impt_output_v1, info_result, 32);
IMPT_FROZEN_AT(impt_output_v1, error_line, 40);
IMPT_FROZEN_AT(impt_output_v1, status_line, 48);
IMPT_FROZEN_SIZE(impt_prompt_v1, 40);
IMPT_FROZEN_AT(impt_prompt_v1, header, 0);
IMPT_FROZEN_AT(impt_prompt_v1, confirm, 8);
IMPT_FROZEN_AT(impt_prompt_v1, input, 16);
IMPT_FROZEN_AT(impt_prompt_v1, choose, 24);
IMPT_FROZEN_AT(impt_prompt_v1, wait_enter, 32);
IMPT_FROZEN_SIZE(impt_config_v1, 48);
IMPT_FROZEN_AT(impt_config_v1, header, 0);
IMPT_FROZEN_AT(impt_config_v1, project_load, 8);
IMPT_FROZEN_AT(impt_config_v1, project_save, 16);
IMPT_FROZEN_AT(impt_config_v1, project_delete, 24);
IMPT_FROZEN_AT(impt_config_v1, auth_file_exists, 32);
IMPT_FROZEN_AT(impt_config_v1, auth_file_delete, 40);
IMPT_FROZEN_SIZE(impt_login_request, 48);
IMPT_FROZEN_AT(impt_login_request, header, 0);
IMPT_FROZEN_AT(impt_login_request, endpoint, 8);
IMPT_FROZEN_AT(impt_login_request, user, 16);
IMPT_FROZEN_AT(impt_login_request, password, 24);
IMPT_FROZEN_AT(impt_login_request, login_key, 32);
IMPT_FROZEN_AT(impt_login_request, flags, 40);
IMPT_FROZEN_SIZE(impt_api_v1, 56);
IMPT_FROZEN_AT(impt_api_v1, header, 0);
IMPT_FROZEN_AT(impt_api_v1, request, 8);
IMPT_FROZEN_AT(impt_api_v1, list, 16);
IMPT_FROZEN_AT(impt_api_v1, request_many, 24);
IMPT_FROZEN_AT(impt_api_v1, account_id, 32);
IMPT_FROZEN_AT(impt_api_v1, login, 40);
IMPT_FROZEN_AT(impt_api_v1, auth_info, 48);
IMPT_FROZEN_SIZE(impt_entities_v1, 48);
IMPT_FROZEN_AT(impt_entities_v1, header, 0);
IMPT_FROZEN_AT(impt_entities_v1, resolve, 8);
IMPT_FROZEN_AT(impt_entities_v1, find, 16);
IMPT_FROZEN_AT(impt_entities_v1, display, 24);
IMPT_FROZEN_AT(impt_entities_v1, type_name, 32);
IMPT_FROZEN_AT(impt_entities_v1, delete_plan, 40);
IMPT_FROZEN_SIZE(impt_values_v2, 200);
IMPT_FROZEN_AT(impt_values_v2, header, 0);
IMPT_FROZEN_AT(impt_values_v2, new_null, 8);
IMPT_FROZEN_AT(impt_values_v2, new_bool, 16);
IMPT_FROZEN_AT(impt_values_v2, new_integer, 24);
IMPT_FROZEN_AT(impt_values_v2, new_number, 32);
IMPT_FROZEN_AT(impt_values_v2, new_string, 40);
IMPT_FROZEN_AT(impt_values_v2, new_array, 48);
IMPT_FROZEN_AT(impt_values_v2, new_object, 56);
IMPT_FROZEN_AT(impt_values_v2, kind, 64);
IMPT_FROZEN_AT(impt_values_v2, get_bool, 72);
IMPT_FROZEN_AT(impt_values_v2, get_integer, 80);
IMPT_FROZEN_AT(impt_values_v2, get_number, 88);
IMPT_FROZEN_AT(impt_values_v2, get_string, 96);
IMPT_FROZEN_AT(impt_values_v2, count, 104);
IMPT_FROZEN_AT(impt_values_v2, key_at, 112);
IMPT_FROZEN_AT(impt_values_v2, member, 120);
IMPT_FROZEN_AT(impt_values_v2, element, 128);
IMPT_FROZEN_AT(impt_values_v2, lookup, 136);
IMPT_FROZEN_AT(impt_values_v2, set, 144);
IMPT_FROZEN_AT(impt_values_v2, remove, 152);
IMPT_FROZEN_AT(impt_values_v2, append, 160);
IMPT_FROZEN_AT(impt_values_v2, parse, 168);
IMPT_FROZEN_AT(impt_values_v2, serialize, 176);
IMPT_FROZEN_AT(impt_values_v2, scope_begin, 184);
IMPT_FROZEN_AT(impt_values_v2, scope_end, 192);
IMPT_FROZEN_SIZE(impt_output_v2, 80);
IMPT_FROZEN_AT(impt_output_v2, header, 0);
IMPT_FROZEN_AT(impt_output_v2, mode, 8);
IMPT_FROZEN_AT(impt_output_v2, info, 16);
IMPT_FROZEN_AT(impt_output_v2, result, 24);
IMPT_FROZEN_AT(impt_output_v2, info_result, 32);
IMPT_FROZEN_AT(impt_output_v2, error_line, 40);
IMPT_FROZEN_AT(impt_output_v2, status_line, 48);
IMPT_FROZEN_AT(impt_output_v2, flush, 56);
IMPT_FROZEN_AT(impt_output_v2, progress, 64);
IMPT_FROZEN_AT(impt_output_v2, result_item, 72);
IMPT_FROZEN_SIZE(impt_config_v2, 64);
IMPT_FROZEN_AT(impt_config_v2, header, 0);
IMPT_FROZEN_AT(impt_config_v2, project_load, 8);
IMPT_FROZEN_AT(impt_config_v2, project_save, 16);
IMPT_FROZEN_AT(impt_config_v2, project_delete, 24);
IMPT_FROZEN_AT(impt_config_v2, auth_file_exists, 32);
IMPT_FROZEN_AT(impt_config_v2, auth_file_delete, 40);
IMPT_FROZEN_AT(impt_config_v2, settings_load, 48);
IMPT_FROZEN_AT(impt_config_v2, settings_save, 56);
IMPT_FROZEN_SIZE(impt_bulk_options, 40);
IMPT_FROZEN_AT(impt_bulk_options, header, 0);
IMPT_FROZEN_AT(impt_bulk_options, concurrency, 8);
IMPT_FROZEN_AT(impt_bulk_options, on_item, 16);
IMPT_FROZEN_AT(impt_bulk_options, user_data, 24);
IMPT_FROZEN_AT(impt_bulk_options, progress_label, 32);
IMPT_FROZEN_SIZE(impt_api_v2, 64);
IMPT_FROZEN_AT(impt_api_v2, header, 0);
IMPT_FROZEN_AT(impt_api_v2, request, 8);
IMPT_FROZEN_AT(impt_api_v2, list, 16);
IMPT_FROZEN_AT(impt_api_v2, request_many, 24);
IMPT_FROZEN_AT(impt_api_v2, account_id, 32);
IMPT_FROZEN_AT(impt_api_v2, login, 40);
IMPT_FROZEN_AT(impt_api_v2, auth_info, 48);
IMPT_FROZEN_AT(impt_api_v2, bulk, 56);
IMPT_FROZEN_SIZE(impt_stream_event, 40);
IMPT_FROZEN_AT(impt_stream_event, header, 0);
IMPT_FROZEN_AT(impt_stream_event, name, 8);
IMPT_FROZEN_AT(impt_stream_event, data, 16);
IMPT_FROZEN_AT(impt_stream_event, data_length, 24);
IMPT_FROZEN_AT(impt_stream_event, id, 32);
IMPT_FROZEN_SIZE(impt_stream_options, 72);
IMPT_FROZEN_AT(impt_stream_options, header, 0);
IMPT_FROZEN_AT(impt_stream_options, flags, 8);
IMPT_FROZEN_AT(impt_stream_options, idle_timeout_ms, 12);
IMPT_FROZEN_AT(impt_stream_options, tick_interval_ms, 16);
IMPT_FROZEN_AT(impt_stream_options, watch_fd, 20);
IMPT_FROZEN_AT(impt_stream_options, user_data, 24);
IMPT_FROZEN_AT(impt_stream_options, on_open, 32);
IMPT_FROZEN_AT(impt_stream_options, on_event, 40);
IMPT_FROZEN_AT(impt_stream_options, on_tick, 48);
IMPT_FROZEN_AT(impt_stream_options, on_fd, 56);
IMPT_FROZEN_AT(impt_stream_options, last_event_id, 64);
IMPT_FROZEN_SIZE(impt_stream_v1, 24);
IMPT_FROZEN_AT(impt_stream_v1, header, 0);
IMPT_FROZEN_AT(impt_stream_v1, open, 8);
IMPT_FROZEN_AT(impt_stream_v1, sleep, 16);
IMPT_FROZEN_SIZE(impt_args_v1, 72);
IMPT_FROZEN_AT(impt_args_v1, header, 0);
IMPT_FROZEN_AT(impt_args_v1, string, 8);
IMPT_FROZEN_AT(impt_args_v1, list, 16);
IMPT_FROZEN_AT(impt_args_v1, flag, 24);
IMPT_FROZEN_AT(impt_args_v1, tristate, 32);
IMPT_FROZEN_AT(impt_args_v1, integer, 40);
IMPT_FROZEN_AT(impt_args_v1, number, 48);
IMPT_FROZEN_AT(impt_args_v1, given, 56);
IMPT_FROZEN_AT(impt_args_v1, command, 64);
IMPT_FROZEN_SIZE(impt_output_v3, 88);
IMPT_FROZEN_AT(impt_output_v3, header, 0);
IMPT_FROZEN_AT(impt_output_v3, mode, 8);
IMPT_FROZEN_AT(impt_output_v3, info, 16);
IMPT_FROZEN_AT(impt_output_v3, result, 24);
IMPT_FROZEN_AT(impt_output_v3, info_result, 32);
IMPT_FROZEN_AT(impt_output_v3, error_line, 40);
IMPT_FROZEN_AT(impt_output_v3, status_line, 48);
IMPT_FROZEN_AT(impt_output_v3, flush, 56);
IMPT_FROZEN_AT(impt_output_v3, progress, 64);
IMPT_FROZEN_AT(impt_output_v3, result_item, 72);
IMPT_FROZEN_AT(impt_output_v3, error_text, 80);

#if IMPT_TARGET_ABI_MINOR == 0
IMPT_FROZEN_SIZE(impt_command, 64);
IMPT_FROZEN_AT(impt_command, header, 0);
IMPT_FROZEN_AT(impt_command, name, 8);
IMPT_FROZEN_AT(impt_command, summary, 16);
IMPT_FROZEN_AT(impt_command, description, 24);
IMPT_FROZEN_AT(impt_command, usage, 32);
IMPT_FROZEN_AT(impt_command, options, 40);
IMPT_FROZEN_AT(impt_command, option_count, 48);
IMPT_FROZEN_AT(impt_command, handler, 56);
IMPT_FROZEN_SIZE(impt_plugin_descriptor, 56);
IMPT_FROZEN_AT(impt_plugin_descriptor, header, 0);
IMPT_FROZEN_AT(impt_plugin_descriptor, group, 8);
IMPT_FROZEN_AT(impt_plugin_descriptor, summary, 16);
IMPT_FROZEN_AT(impt_plugin_descriptor, description, 24);
IMPT_FROZEN_AT(impt_plugin_descriptor, plugin_version, 32);
IMPT_FROZEN_AT(impt_plugin_descriptor, commands, 40);
IMPT_FROZEN_AT(impt_plugin_descriptor, command_count, 48);

#elif IMPT_TARGET_ABI_MINOR == 1
IMPT_FROZEN_SIZE(impt_command, 88);
IMPT_FROZEN_AT(impt_command, header, 0);
IMPT_FROZEN_AT(impt_command, name, 8);
IMPT_FROZEN_AT(impt_command, summary, 16);
IMPT_FROZEN_AT(impt_command, description, 24);
IMPT_FROZEN_AT(impt_command, usage, 32);
IMPT_FROZEN_AT(impt_command, options, 40);
IMPT_FROZEN_AT(impt_command, option_count, 48);
IMPT_FROZEN_AT(impt_command, handler, 56);
IMPT_FROZEN_AT(impt_command, constraints, 64);
IMPT_FROZEN_AT(impt_command, constraint_count, 72);
IMPT_FROZEN_AT(impt_command, examples, 80);
IMPT_FROZEN_SIZE(impt_plugin_descriptor, 56);
IMPT_FROZEN_AT(impt_plugin_descriptor, header, 0);
IMPT_FROZEN_AT(impt_plugin_descriptor, group, 8);
IMPT_FROZEN_AT(impt_plugin_descriptor, summary, 16);
IMPT_FROZEN_AT(impt_plugin_descriptor, description, 24);
IMPT_FROZEN_AT(impt_plugin_descriptor, plugin_version, 32);
IMPT_FROZEN_AT(impt_plugin_descriptor, commands, 40);
IMPT_FROZEN_AT(impt_plugin_descriptor, command_count, 48);
IMPT_FROZEN_SIZE(impt_constraint, 32);
IMPT_FROZEN_AT(impt_constraint, header, 0);
IMPT_FROZEN_AT(impt_constraint, kind, 8);
IMPT_FROZEN_AT(impt_constraint, first, 16);
IMPT_FROZEN_AT(impt_constraint, second, 24);

#elif IMPT_TARGET_ABI_MINOR == 2
IMPT_FROZEN_SIZE(impt_command, 88);
IMPT_FROZEN_AT(impt_command, header, 0);
IMPT_FROZEN_AT(impt_command, name, 8);
IMPT_FROZEN_AT(impt_command, summary, 16);
IMPT_FROZEN_AT(impt_command, description, 24);
IMPT_FROZEN_AT(impt_command, usage, 32);
IMPT_FROZEN_AT(impt_command, options, 40);
IMPT_FROZEN_AT(impt_command, option_count, 48);
IMPT_FROZEN_AT(impt_command, handler, 56);
IMPT_FROZEN_AT(impt_command, constraints, 64);
IMPT_FROZEN_AT(impt_command, constraint_count, 72);
IMPT_FROZEN_AT(impt_command, examples, 80);
IMPT_FROZEN_SIZE(impt_plugin_descriptor, 64);
IMPT_FROZEN_AT(impt_plugin_descriptor, header, 0);
IMPT_FROZEN_AT(impt_plugin_descriptor, group, 8);
IMPT_FROZEN_AT(impt_plugin_descriptor, summary, 16);
IMPT_FROZEN_AT(impt_plugin_descriptor, description, 24);
IMPT_FROZEN_AT(impt_plugin_descriptor, plugin_version, 32);
IMPT_FROZEN_AT(impt_plugin_descriptor, commands, 40);
IMPT_FROZEN_AT(impt_plugin_descriptor, command_count, 48);
IMPT_FROZEN_AT(impt_plugin_descriptor, init, 56);
IMPT_FROZEN_SIZE(impt_constraint, 32);
IMPT_FROZEN_AT(impt_constraint, header, 0);
IMPT_FROZEN_AT(impt_constraint, kind, 8);
IMPT_FROZEN_AT(impt_constraint, first, 16);
IMPT_FROZEN_AT(impt_constraint, second, 24);

#elif IMPT_TARGET_ABI_MINOR == 3
IMPT_FROZEN_SIZE(impt_command, 96);
IMPT_FROZEN_AT(impt_command, header, 0);
IMPT_FROZEN_AT(impt_command, name, 8);
IMPT_FROZEN_AT(impt_command, summary, 16);
IMPT_FROZEN_AT(impt_command, description, 24);
IMPT_FROZEN_AT(impt_command, usage, 32);
IMPT_FROZEN_AT(impt_command, options, 40);
IMPT_FROZEN_AT(impt_command, option_count, 48);
IMPT_FROZEN_AT(impt_command, handler, 56);
IMPT_FROZEN_AT(impt_command, constraints, 64);
IMPT_FROZEN_AT(impt_command, constraint_count, 72);
IMPT_FROZEN_AT(impt_command, examples, 80);
IMPT_FROZEN_AT(impt_command, run, 88);
IMPT_FROZEN_SIZE(impt_plugin_descriptor, 80);
IMPT_FROZEN_AT(impt_plugin_descriptor, header, 0);
IMPT_FROZEN_AT(impt_plugin_descriptor, group, 8);
IMPT_FROZEN_AT(impt_plugin_descriptor, summary, 16);
IMPT_FROZEN_AT(impt_plugin_descriptor, description, 24);
IMPT_FROZEN_AT(impt_plugin_descriptor, plugin_version, 32);
IMPT_FROZEN_AT(impt_plugin_descriptor, commands, 40);
IMPT_FROZEN_AT(impt_plugin_descriptor, command_count, 48);
IMPT_FROZEN_AT(impt_plugin_descriptor, init, 56);
IMPT_FROZEN_AT(impt_plugin_descriptor, language, 64);
IMPT_FROZEN_AT(impt_plugin_descriptor, toolchain, 72);
IMPT_FROZEN_SIZE(impt_constraint, 32);
IMPT_FROZEN_AT(impt_constraint, header, 0);
IMPT_FROZEN_AT(impt_constraint, kind, 8);
IMPT_FROZEN_AT(impt_constraint, first, 16);
IMPT_FROZEN_AT(impt_constraint, second, 24);
#endif

#endif /* LP64 */

#endif /* IMPT_PLUGIN_LAYOUT_H */
