#pragma once
// Animated maps (render --animate FROM:TO --step 1m): a frame per step, the date as a caption at
// the title's right, events appearing on their date. Frames share what does not change: the data
// is loaded once; each distinct state of the map (the memberships in force and the events up to
// the date) is laid out and drawn once, states in parallel; a frame is its state's picture with
// only the caption redrawn; consecutive identical frames are held (one frame, a longer delay).
#include <string>
#include <vector>

#include "data/date.hpp"
#include "render/placement/poster_layout.hpp"

namespace sahelmap::render {

enum class AnimFormat { Webp, Gif, None };

struct AnimationSpec {
  data::Date from, to;
  int step = 1;
  char unit = 'm';  // d, w, m
  int frame_ms = 500, last_ms = 2500;
  AnimFormat format = AnimFormat::Webp;
  bool png_frames = false;  // also every frame as a PNG (for video tools)
};

/// "1m", "2w", "7d" into spec.step and spec.unit. @throws UsageError otherwise.
void parse_step(const std::string& text, AnimationSpec& spec);

/// The frames' dates: FROM, FROM + step, ..., and TO (always the last).
std::vector<data::Date> frame_dates(const AnimationSpec& spec);

struct AnimationResult {
  std::vector<unsigned char> bytes;              // the .webp or .gif
  std::vector<std::vector<unsigned char>> pngs;  // one per frame, when asked
  std::vector<data::Date> dates;                 // of the frames
  int states = 0;                                // pictures laid out and drawn
  int encoded = 0;                               // frames in the file after holding identical ones
  std::size_t gif_colours = 0;
  bool gif_exact = true;
  PosterLayout layout;  // the last state's (for --debug-layout)
  std::string alt_text;
};

/// @throws UsageError for more than 1000 frames; Error from drawing or encoding.
AnimationResult make_animation(const PosterRequest& request, const AnimationSpec& spec);

}  // namespace sahelmap::render
