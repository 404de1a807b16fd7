/* V2TIMOfflinePushInfo and its conversion to and from libhark's struct. */
#import "V2TIMInternal.h"

@implementation V2TIMOfflinePushInfo

@synthesize title = _title, desc = _desc, ext = _ext, disablePush = _disablePush;
@synthesize iOSPushType = _iOSPushType, iOSSound = _iOSSound, ignoreIOSBadge = _ignoreIOSBadge;
@synthesize AndroidSound = _AndroidSound, AndroidOPPOChannelID = _AndroidOPPOChannelID;
@synthesize AndroidFCMChannelID = _AndroidFCMChannelID, AndroidXiaoMiChannelID = _AndroidXiaoMiChannelID;
@synthesize AndroidVIVOClassification = _AndroidVIVOClassification;
@synthesize AndroidHuaWeiCategory = _AndroidHuaWeiCategory;

- (instancetype)init {
    if ((self = [super init])) _AndroidVIVOClassification = 1;
    return self;
}

- (instancetype)initWithHark:(const hark_offline_push_info *)info {
    if ((self = [self init])) {
        _title = [v2_string(info->title) copy];
        _desc = [v2_string(info->desc) copy];
        _ext = [v2_string(info->ext) copy];
        _disablePush = info->disable_push;
        _iOSSound = [v2_string(info->ios_sound) copy];
        _ignoreIOSBadge = info->ignore_ios_badge;
        _iOSPushType = info->ios_push_type;
        _AndroidSound = [v2_string(info->android_sound) copy];
        _AndroidOPPOChannelID = [v2_string(info->android_oppo_channel_id) copy];
        _AndroidFCMChannelID = [v2_string(info->android_fcm_channel_id) copy];
        _AndroidXiaoMiChannelID = [v2_string(info->android_xiaomi_channel_id) copy];
        _AndroidVIVOClassification = info->android_vivo_classification;
        _AndroidHuaWeiCategory = [v2_string(info->android_huawei_category) copy];
    }
    return self;
}

- (void)dealloc {
    [_title release];
    [_desc release];
    [_ext release];
    [_iOSSound release];
    [_AndroidSound release];
    [_AndroidOPPOChannelID release];
    [_AndroidFCMChannelID release];
    [_AndroidXiaoMiChannelID release];
    [_AndroidHuaWeiCategory release];
    [super dealloc];
}

- (hark_offline_push_info)harkInfo {
    hark_offline_push_info info = {
        [_title UTF8String],
        [_desc UTF8String],
        [_ext UTF8String],
        _disablePush,
        [_iOSSound UTF8String],
        _ignoreIOSBadge,
        (int32_t)_iOSPushType,
        [_AndroidSound UTF8String],
        [_AndroidOPPOChannelID UTF8String],
        [_AndroidFCMChannelID UTF8String],
        [_AndroidXiaoMiChannelID UTF8String],
        (int32_t)_AndroidVIVOClassification,
        [_AndroidHuaWeiCategory UTF8String],
    };
    return info;
}

@end
