/* V2TIMManager (APNS): offline push registration, and V2TIMAPNSConfig. */
#import "V2TIMInternal.h"

@implementation V2TIMAPNSConfig

@synthesize businessID = _businessID, token = _token;

- (void)dealloc {
    [_token release];
    [super dealloc];
}

@end

/* APNs tokens are bytes; harkd's push gateway takes them as lowercase hex. */
static NSString *v2_hex(NSData *data) {
    const uint8_t *bytes = [data bytes];
    NSMutableString *hex = [NSMutableString stringWithCapacity:[data length] * 2];
    for (NSUInteger i = 0; i < [data length]; i++) [hex appendFormat:@"%02x", bytes[i]];
    return hex;
}

@implementation V2TIMManager (APNS)

- (void)setAPNS:(V2TIMAPNSConfig *)config succ:(V2TIMSucc)succ fail:(V2TIMFail)fail {
    V2Ctx *c = v2_ctx_new(self, succ, fail);
    if (config)
        V2_WITH_CLIENT(self, c, hark_set_offline_push_config(client, (uint32_t)[config businessID],
                                                             [v2_hex([config token]) UTF8String], v2_callback(c)));
    else
        V2_WITH_CLIENT(self, c, hark_clear_offline_push_config(client, v2_callback(c)));
}

@end
