//! Pictures that follow a network: redrawn when the network changed and their interval has
//! passed, never more often, and uploaded to the same texture every time.

use std::time::{Duration, Instant};

use egui::{ColorImage, TextureHandle, TextureOptions};

use crate::nn::Network;

/// When a picture of a network is due again: the network it was drawn from, and when.
#[derive(Default)]
pub struct Refresh {
    drawn: Option<(Network, Instant)>,
}

impl Refresh {
    /// `true` when `net` is not the network drawn last and `every` has passed since that
    /// drawing (always before the first). When only the time is missing, asks `ctx` for a
    /// frame once it has passed.
    pub fn due(&self, ctx: &egui::Context, net: &Network, every: Duration) -> bool {
        let Some((drawn, at)) = &self.drawn else {
            return true;
        };
        if drawn == net {
            return false;
        }
        let waited = at.elapsed();
        if waited < every {
            ctx.request_repaint_after(every - waited);
            return false;
        }
        true
    }

    /// Notes that `net` has just been drawn.
    pub fn drawn(&mut self, net: &Network) {
        self.drawn = Some((net.clone(), Instant::now()));
    }

    /// When the last picture was drawn.
    pub fn drawn_at(&self) -> Option<Instant> {
        self.drawn.as_ref().map(|(_, at)| *at)
    }
}

/// Textures of pictures of one network (one for the map, one per node for the diagram),
/// redrawn by the rule of [`Refresh`].
pub struct LiveTexture {
    name: &'static str,
    every: Duration,
    refresh: Refresh,
    textures: Vec<TextureHandle>,
}

impl LiveTexture {
    /// Textures named after `name`, redrawn at most once per `every`.
    pub fn new(name: &'static str, every: Duration) -> Self {
        LiveTexture {
            name,
            every,
            refresh: Refresh::default(),
            textures: Vec::new(),
        }
    }

    /// `true` when pictures of `net` are to be drawn now (see [`Refresh::due`]).
    pub fn due(&self, ctx: &egui::Context, net: &Network) -> bool {
        self.refresh.due(ctx, net, self.every)
    }

    /// Shows `images` (one per texture) as the pictures of `net`.
    pub fn show(
        &mut self,
        ctx: &egui::Context,
        net: &Network,
        images: impl IntoIterator<Item = ColorImage>,
        options: TextureOptions,
    ) {
        let mut count = 0;
        for (k, image) in images.into_iter().enumerate() {
            self.set(ctx, k, image, options);
            count = k + 1;
        }
        self.textures.truncate(count);
        self.refresh.drawn(net);
    }

    /// Uploads `image` to texture `k`: in place, or as a new texture the first time.
    pub fn set(
        &mut self,
        ctx: &egui::Context,
        k: usize,
        image: ColorImage,
        options: TextureOptions,
    ) {
        match self.textures.get_mut(k) {
            Some(t) => t.set(image, options),
            None => {
                let name = format!("{} {k}", self.name);
                self.textures.push(ctx.load_texture(name, image, options));
            }
        }
    }

    /// Notes that the pictures now show `net` (uploaded with [`set`](Self::set)).
    pub fn drawn(&mut self, net: &Network) {
        self.refresh.drawn(net);
    }

    /// Changes the least time between two drawings.
    pub fn set_every(&mut self, every: Duration) {
        self.every = every;
    }

    /// Forgets the pictures (there is nothing to draw); the next network is drawn at once.
    pub fn clear(&mut self, net: &Network) {
        self.textures.clear();
        self.refresh.drawn(net);
    }

    /// Texture `k`, once drawn.
    pub fn get(&self, k: usize) -> Option<&TextureHandle> {
        self.textures.get(k)
    }

    /// When the pictures were last drawn.
    pub fn drawn_at(&self) -> Option<Instant> {
        self.refresh.drawn_at()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn net(w: f64) -> Network {
        let mut net = Network::new(&[1, 1], &[crate::nn::Activation::Identity]).unwrap();
        net.set_weight(0, 0, 0, w);
        net
    }

    #[test]
    fn a_picture_is_due_first_then_only_for_a_changed_network_after_its_interval() {
        let ctx = egui::Context::default();
        let mut refresh = Refresh::default();
        assert!(
            refresh.due(&ctx, &net(1.0), Duration::from_secs(60)),
            "first"
        );
        refresh.drawn(&net(1.0));
        assert!(
            !refresh.due(&ctx, &net(1.0), Duration::ZERO),
            "the same network"
        );
        assert!(
            !refresh.due(&ctx, &net(2.0), Duration::from_secs(60)),
            "changed, but the interval has not passed"
        );
        assert!(
            refresh.due(&ctx, &net(2.0), Duration::ZERO),
            "changed and due"
        );
    }

    #[test]
    fn textures_are_set_in_place_and_trimmed_to_the_pictures_shown() {
        let ctx = egui::Context::default();
        let mut live = LiveTexture::new("node", Duration::ZERO);
        let image = || ColorImage::filled([2, 2], egui::Color32::RED);
        live.show(
            &ctx,
            &net(1.0),
            [image(), image(), image()],
            TextureOptions::NEAREST,
        );
        let first = live.get(0).map(TextureHandle::id);
        live.show(&ctx, &net(2.0), [image(), image()], TextureOptions::NEAREST);
        assert_eq!(live.get(0).map(TextureHandle::id), first, "set in place");
        assert!(live.get(1).is_some() && live.get(2).is_none());
        assert!(!live.due(&ctx, &net(2.0)));
    }
}
