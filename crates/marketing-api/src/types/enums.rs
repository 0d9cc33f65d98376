//! Graph's string enums. Each has an `Other(String)` variant so a value Meta adds later
//! deserializes (and round-trips) instead of failing the whole reply.

/// Declares a string enum: named variants plus `Other(String)` as an untagged fallback.
macro_rules! string_enum {
    ($(#[$m:meta])* $name:ident { $($(#[$vm:meta])* $variant:ident = $s:literal,)* }) => {
        $(#[$m])*
        #[derive(Clone, Debug, PartialEq, Eq, Hash, PartialOrd, Ord,
                 serde::Serialize, serde::Deserialize, ts_rs::TS)]
        #[ts(export)]
        pub enum $name {
            $($(#[$vm])* #[serde(rename = $s)] $variant,)*
            /// A value this code does not know yet.
            #[serde(untagged)]
            Other(String),
        }

        impl $name {
            pub fn as_str(&self) -> &str {
                match self {
                    $(Self::$variant => $s,)*
                    Self::Other(s) => s,
                }
            }
        }

        impl From<&str> for $name {
            fn from(s: &str) -> Self {
                match s {
                    $($s => Self::$variant,)*
                    other => Self::Other(other.to_owned()),
                }
            }
        }

        impl std::fmt::Display for $name {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str(self.as_str())
            }
        }
    };
}

string_enum! {
    /// `ad_format` of the preview edges (76 values, identical in the v25 spec and the v26
    /// Python SDK; REFERENCE §3).
    AdFormat {
        AudienceNetworkInstreamVideo = "AUDIENCE_NETWORK_INSTREAM_VIDEO",
        AudienceNetworkInstreamVideoMobile = "AUDIENCE_NETWORK_INSTREAM_VIDEO_MOBILE",
        AudienceNetworkOutstreamVideo = "AUDIENCE_NETWORK_OUTSTREAM_VIDEO",
        AudienceNetworkRewardedVideo = "AUDIENCE_NETWORK_REWARDED_VIDEO",
        BizDiscoFeedMobile = "BIZ_DISCO_FEED_MOBILE",
        DesktopFeedStandard = "DESKTOP_FEED_STANDARD",
        FacebookIfuReelsMobile = "FACEBOOK_IFU_REELS_MOBILE",
        FacebookProfileFeedDesktop = "FACEBOOK_PROFILE_FEED_DESKTOP",
        FacebookProfileFeedMobile = "FACEBOOK_PROFILE_FEED_MOBILE",
        FacebookProfileReelsMobile = "FACEBOOK_PROFILE_REELS_MOBILE",
        FacebookReelsBanner = "FACEBOOK_REELS_BANNER",
        FacebookReelsBannerDesktop = "FACEBOOK_REELS_BANNER_DESKTOP",
        FacebookReelsBannerFeedAndroid = "FACEBOOK_REELS_BANNER_FEED_ANDROID",
        FacebookReelsBannerFeedAndroidLarge = "FACEBOOK_REELS_BANNER_FEED_ANDROID_LARGE",
        FacebookReelsBannerFullscreenIos = "FACEBOOK_REELS_BANNER_FULLSCREEN_IOS",
        FacebookReelsBannerFullscreenMobile = "FACEBOOK_REELS_BANNER_FULLSCREEN_MOBILE",
        FacebookReelsMobile = "FACEBOOK_REELS_MOBILE",
        FacebookReelsPostloop = "FACEBOOK_REELS_POSTLOOP",
        FacebookReelsPostloopFeed = "FACEBOOK_REELS_POSTLOOP_FEED",
        FacebookReelsSimilarProductsMobile = "FACEBOOK_REELS_SIMILAR_PRODUCTS_MOBILE",
        FacebookReelsSticker = "FACEBOOK_REELS_STICKER",
        FacebookStoryMobile = "FACEBOOK_STORY_MOBILE",
        FacebookStoryStickerMobile = "FACEBOOK_STORY_STICKER_MOBILE",
        InstagramExploreContextual = "INSTAGRAM_EXPLORE_CONTEXTUAL",
        InstagramExploreGridHome = "INSTAGRAM_EXPLORE_GRID_HOME",
        InstagramExploreImmersive = "INSTAGRAM_EXPLORE_IMMERSIVE",
        InstagramFeedWeb = "INSTAGRAM_FEED_WEB",
        InstagramFeedWebMSite = "INSTAGRAM_FEED_WEB_M_SITE",
        InstagramLeadGenMultiSubmitAds = "INSTAGRAM_LEAD_GEN_MULTI_SUBMIT_ADS",
        InstagramProfileFeed = "INSTAGRAM_PROFILE_FEED",
        InstagramProfileReels = "INSTAGRAM_PROFILE_REELS",
        InstagramReels = "INSTAGRAM_REELS",
        InstagramReelsOverlay = "INSTAGRAM_REELS_OVERLAY",
        InstagramReelsWeb = "INSTAGRAM_REELS_WEB",
        InstagramReelsWebMSite = "INSTAGRAM_REELS_WEB_M_SITE",
        InstagramSearchChain = "INSTAGRAM_SEARCH_CHAIN",
        InstagramSearchGrid = "INSTAGRAM_SEARCH_GRID",
        InstagramStandard = "INSTAGRAM_STANDARD",
        InstagramStory = "INSTAGRAM_STORY",
        InstagramStoryEffectTray = "INSTAGRAM_STORY_EFFECT_TRAY",
        InstagramStoryWeb = "INSTAGRAM_STORY_WEB",
        InstagramStoryWebMSite = "INSTAGRAM_STORY_WEB_M_SITE",
        InstantArticleRecirculationAd = "INSTANT_ARTICLE_RECIRCULATION_AD",
        InstantArticleStandard = "INSTANT_ARTICLE_STANDARD",
        InstreamBannerDesktop = "INSTREAM_BANNER_DESKTOP",
        InstreamBannerFeedIos = "INSTREAM_BANNER_FEED_IOS",
        InstreamBannerFullscreenIos = "INSTREAM_BANNER_FULLSCREEN_IOS",
        InstreamBannerFullscreenMobile = "INSTREAM_BANNER_FULLSCREEN_MOBILE",
        InstreamBannerImmersiveMobile = "INSTREAM_BANNER_IMMERSIVE_MOBILE",
        InstreamBannerMobile = "INSTREAM_BANNER_MOBILE",
        InstreamVideoDesktop = "INSTREAM_VIDEO_DESKTOP",
        InstreamVideoFullscreenIos = "INSTREAM_VIDEO_FULLSCREEN_IOS",
        InstreamVideoFullscreenMobile = "INSTREAM_VIDEO_FULLSCREEN_MOBILE",
        InstreamVideoImage = "INSTREAM_VIDEO_IMAGE",
        InstreamVideoImmersiveMobile = "INSTREAM_VIDEO_IMMERSIVE_MOBILE",
        InstreamVideoMobile = "INSTREAM_VIDEO_MOBILE",
        JobBrowserDesktop = "JOB_BROWSER_DESKTOP",
        JobBrowserMobile = "JOB_BROWSER_MOBILE",
        MarketplaceMobile = "MARKETPLACE_MOBILE",
        MessengerMobileInboxMedia = "MESSENGER_MOBILE_INBOX_MEDIA",
        MessengerMobileStoryMedia = "MESSENGER_MOBILE_STORY_MEDIA",
        MobileBanner = "MOBILE_BANNER",
        MobileFeedBasic = "MOBILE_FEED_BASIC",
        MobileFeedStandard = "MOBILE_FEED_STANDARD",
        MobileFullwidth = "MOBILE_FULLWIDTH",
        MobileInterstitial = "MOBILE_INTERSTITIAL",
        MobileMediumRectangle = "MOBILE_MEDIUM_RECTANGLE",
        MobileNative = "MOBILE_NATIVE",
        RightColumnStandard = "RIGHT_COLUMN_STANDARD",
        SuggestedVideoDesktop = "SUGGESTED_VIDEO_DESKTOP",
        SuggestedVideoFullscreenMobile = "SUGGESTED_VIDEO_FULLSCREEN_MOBILE",
        SuggestedVideoImmersiveMobile = "SUGGESTED_VIDEO_IMMERSIVE_MOBILE",
        SuggestedVideoMobile = "SUGGESTED_VIDEO_MOBILE",
        WatchFeedHome = "WATCH_FEED_HOME",
        WatchFeedMobile = "WATCH_FEED_MOBILE",
        WhatsappStatusMedia = "WHATSAPP_STATUS_MEDIA",
    }
}

impl AdFormat {
    /// The five placements Meta previews image expansion for (REFERENCE §2).
    pub const IMAGE_UNCROP_FORMATS: [AdFormat; 5] = [
        AdFormat::InstagramStandard,
        AdFormat::FacebookReelsMobile,
        AdFormat::InstagramReels,
        AdFormat::MobileFeedStandard,
        AdFormat::InstagramStory,
    ];
}

string_enum! {
    /// `creative_feature` of the preview edges. The SDK enum lacks the two GenAI values the
    /// docs use; Graph accepts them (REFERENCE §3).
    CreativeFeature {
        TextGeneration = "text_generation",
        ImageUncrop = "image_uncrop",
        ImageBackgroundGen = "image_background_gen",
    }
}

string_enum! {
    /// `enroll_status` of a creative feature (documented values; no enum in the spec).
    EnrollStatus {
        OptIn = "OPT_IN",
        OptOut = "OPT_OUT",
    }
}

string_enum! {
    /// Ad/campaign/ad set `status` (and `configured_status`).
    Status {
        Active = "ACTIVE",
        Paused = "PAUSED",
        Deleted = "DELETED",
        Archived = "ARCHIVED",
    }
}

string_enum! {
    /// Ad `effective_status` (12 values in v25 and v26).
    EffectiveStatus {
        Active = "ACTIVE",
        Paused = "PAUSED",
        Deleted = "DELETED",
        PendingReview = "PENDING_REVIEW",
        Disapproved = "DISAPPROVED",
        Preapproved = "PREAPPROVED",
        PendingBillingInfo = "PENDING_BILLING_INFO",
        CampaignPaused = "CAMPAIGN_PAUSED",
        Archived = "ARCHIVED",
        AdsetPaused = "ADSET_PAUSED",
        InProcess = "IN_PROCESS",
        WithIssues = "WITH_ISSUES",
    }
}

string_enum! {
    /// AdCreative `status`.
    CreativeStatus {
        Active = "ACTIVE",
        InProcess = "IN_PROCESS",
        WithIssues = "WITH_ISSUES",
        Deleted = "DELETED",
    }
}

string_enum! {
    /// AdImage `status`.
    ImageStatus {
        Active = "ACTIVE",
        Internal = "INTERNAL",
        Deleted = "DELETED",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn known_and_unknown_values_round_trip() {
        let f: AdFormat = serde_json::from_str("\"INSTAGRAM_STORY\"").unwrap();
        assert_eq!(f, AdFormat::InstagramStory);
        let f: AdFormat = serde_json::from_str("\"THREADS_FEED_2027\"").unwrap();
        assert_eq!(f, AdFormat::Other("THREADS_FEED_2027".into()));
        assert_eq!(serde_json::to_string(&f).unwrap(), "\"THREADS_FEED_2027\"");
        assert_eq!(
            AdFormat::from("MOBILE_FEED_STANDARD"),
            AdFormat::MobileFeedStandard
        );
        assert_eq!(
            AdFormat::WhatsappStatusMedia.as_str(),
            "WHATSAPP_STATUS_MEDIA"
        );
        let s: EffectiveStatus = serde_json::from_str("\"IN_PROCESS\"").unwrap();
        assert_eq!(s, EffectiveStatus::InProcess);
    }
}
